import type { Page } from "playwright-core";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { markEmailVerified, signUpThroughTheForm, withAppDatabase, type SignedInState } from "./helpers/accounts";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot } from "./helpers/browser";
import { horizontalOverflow } from "./helpers/page-checks";

/**
 * The console's mail page in a real browser against the production build:
 * reached from the user list by keyboard, the outbox's counts and the
 * undelivered mails (as many rows as the count says, or the words for none),
 * at both widths in both themes, with nothing scrolling sideways.
 */

const app = appInBrowserForThisFile({ env: { REQUIRE_ADMIN_TWO_FACTOR: "false" } });
const admin = { name: "Grace Mail", email: "grace.mail@example.com", password: "Outbox-Watcher-2026" };

let adminState: SignedInState;

async function signIn(page: Page, path: string) {
  await page.goto(`/auth/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
}

beforeAll(async () => {
  await signUpThroughTheForm(app, admin);
  await markEmailVerified(app.server, admin.email);
  await withAppDatabase(app.server, (db) => db.collection("users").updateOne({ email: admin.email }, { $set: { role: "admin" } }));
  const page = await app.newPage();
  await signIn(page, "/admin");
  adminState = await page.context().storageState();
  await page.close();
}, 60_000);

test("the admin reaches the mail page from the user list; its counts and list show at both widths in both themes", async () => {
  for (const layout of PHONE_AND_DESKTOP_LAYOUTS) {
    const page = await app.newPage({ viewport: { width: layout.width, height: 900 }, colorScheme: layout.theme, storageState: adminState });
    await page.goto("/admin");
    await page.getByRole("link", { name: "Undelivered mail" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL("**/admin/mail");
    await page.getByRole("heading", { level: 1, name: "Mail" }).waitFor();
    await page.getByText("Waiting to be sent").waitFor();
    await page.getByRole("heading", { level: 2, name: "Undelivered mail" }).waitFor();
    const dead = Number(await page.locator("dt", { hasText: "Undelivered" }).locator("xpath=following-sibling::dd").textContent());
    if (dead === 0) await page.getByText("No undelivered mail").waitFor();
    else expect(await page.getByRole("table").getByRole("row").count()).toBe(Math.min(dead, 50) + 1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, `admin-mail-${layout.width}-${layout.theme}`);
    await page.close();
  }
});
