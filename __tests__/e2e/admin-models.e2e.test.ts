import type { Page } from "playwright-core";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { markEmailVerified, signUpThroughTheForm, withAppDatabase, type SignedInState } from "./helpers/accounts";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot } from "./helpers/browser";
import { horizontalOverflow } from "./helpers/page-checks";

/**
 * The admin's allow-list of models in a real browser against the production
 * build, with the Together stub listing models with names and prices: the
 * admin reorders, removes, adds by keyboard and picks the default at 390 px,
 * the saved list shows at every width in both themes, and /generate's picker
 * then offers the new list by name with context and price.
 */

const appEnv: Record<string, string> = { REQUIRE_ADMIN_TWO_FACTOR: "false", TOGETHER_MODELS: "stub-model,stub/coder-small" };
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });
const app = appInBrowserForThisFile({ env: appEnv });

const admin = { name: "Grace Console", email: "grace.models@example.com", password: "Allow-List-Keeper-2026" };
const togetherKey = "tgp_v1_adminKey-0123456789abcdefXYZ";

async function signIn(page: Page, path: string) {
  await page.goto(`/auth/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
}

let adminState: SignedInState;

beforeAll(async () => {
  await signUpThroughTheForm(app, admin);
  await markEmailVerified(app.server, admin.email);
  await withAppDatabase(app.server, (db) => db.collection("users").updateOne({ email: admin.email }, { $set: { role: "admin" } }));
  const page = await app.newPage();
  await signIn(page, "/settings/keys");
  stub.acceptKeys(togetherKey);
  const saved = await page.request.post("/api/user/api-keys", { data: { togetherAI: togetherKey }, headers: { origin: app.server.baseUrl } });
  expect(saved.status()).toBe(200);
  adminState = await page.context().storageState();
  await page.close();
}, 60_000);

const rows = (page: Page) => page.getByRole("region", { name: "Models on offer" }).getByRole("listitem");

test("the admin changes the allow-list by keyboard at 390 px; the saved list shows at both widths in both themes", async () => {
  const [first, ...others] = PHONE_AND_DESKTOP_LAYOUTS;
  const page = await app.newPage({ viewport: { width: first.width, height: 844 }, colorScheme: first.theme, storageState: adminState });
  await page.goto("/admin");
  await page.getByRole("link", { name: "Models on offer for code generation" }).click();
  await page.waitForURL("**/admin/models");
  await page.getByRole("heading", { level: 1, name: "Models" }).waitFor();
  // Names and prices from the stub's list, read with the admin's own key.
  await rows(page).first().getByText("Stub Coder 7B").waitFor();
  await rows(page).first().getByText("32K context · $0.30 in / $0.60 out per 1M tokens").waitFor();
  await rows(page).nth(1).getByText("no price listed").waitFor();
  await saveScreenshot(page, "admin-models-before-390-light");

  await page.getByRole("button", { name: "Remove stub/coder-small" }).focus();
  await page.keyboard.press("Enter");
  await page.getByLabel("Add a model").focus();
  await page.keyboard.type("Qwen/Qwen2.5-Coder-32B-Instruct");
  await page.keyboard.press("Enter");
  await rows(page).nth(1).getByText("Qwen 2.5 Coder 32B Instruct").waitFor();
  await page.getByRole("button", { name: "Move Qwen 2.5 Coder 32B Instruct up" }).focus();
  await page.keyboard.press("Enter");
  await rows(page).first().getByRole("radio", { name: "Default" }).focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Save models" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("status").getByText("Saved: 2 models on offer, Qwen 2.5 Coder 32B Instruct by default.").waitFor();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await saveScreenshot(page, "admin-models-saved-390-light");
  await page.close();

  for (const layout of others) {
    const view = await app.newPage({ viewport: { width: layout.width, height: 900 }, colorScheme: layout.theme, storageState: adminState });
    await view.goto("/admin/models");
    expect(await rows(view).allInnerTexts()).toEqual([expect.stringContaining("Qwen 2.5 Coder 32B Instruct"), expect.stringContaining("Stub Coder 7B")]);
    expect(await rows(view).first().getByRole("radio", { name: "Default" }).isChecked()).toBe(true);
    expect(await horizontalOverflow(view)).toBeLessThanOrEqual(0);
    await view.setViewportSize({ width: 320, height: 700 });
    expect(await horizontalOverflow(view)).toBeLessThanOrEqual(0);
    await view.setViewportSize({ width: layout.width, height: 900 });
    await saveScreenshot(view, `admin-models-${layout.width}-${layout.theme}`);
    await view.close();
  }
});

test("/generate's picker offers the new list by name, with the chosen model's context and price", async () => {
  for (const layout of PHONE_AND_DESKTOP_LAYOUTS.slice(0, 2)) {
    const page = await app.newPage({ viewport: { width: layout.width, height: 900 }, colorScheme: layout.theme, storageState: adminState });
    await page.goto("/generate");
    const picker = page.getByLabel("Model", { exact: true });
    expect(await picker.locator("option").allInnerTexts()).toEqual(["Qwen 2.5 Coder 32B Instruct", "Stub Coder 7B"]);
    expect(await picker.inputValue()).toBe("Qwen/Qwen2.5-Coder-32B-Instruct");
    await page.getByText("16K context · $0.80 in / $0.80 out per 1M tokens").waitFor();
    await picker.selectOption("stub-model");
    await page.getByText("32K context · $0.30 in / $0.60 out per 1M tokens").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, `admin-models-generate-${layout.width}-${layout.theme}`);
    await page.close();
  }
});
