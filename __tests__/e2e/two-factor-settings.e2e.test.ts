import { readFile } from "node:fs/promises";
import { generate } from "otplib";
import type { Page } from "playwright-core";
import { signUpThroughTheForm, withAppDatabase } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Two-step verification in Settings → Security, in a real browser against the
 * production build: set up an authenticator app from the page (the test is
 * the app: it reads the key off the page and makes the code), keep the
 * recovery codes (copied, downloaded), make new ones, turn it off; at 390 and
 * 1280 px in both themes, readable, fitting, and without a CSP violation
 * (every test fails on one).
 */

const app = appInBrowserForThisFile();
const PASSWORD = "Second-Factor-Harbor-2026";
let people = 0;

async function signedInPage(options: { width: number; theme: "light" | "dark" }) {
  people += 1;
  const email = `two.step.${people}@example.com`;
  const storageState = await signUpThroughTheForm(app, { name: `Two Step ${people}`, email, password: PASSWORD });
  const page = await app.newPage({ storageState, viewport: { width: options.width, height: 900 }, colorScheme: options.theme });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/settings/security");
  await page.locator("#two-step-heading").waitFor();
  return { page, email };
}

async function expectFitsAndReadable(page: Page, where: object) {
  expect({ ...where, overflow: await horizontalOverflow(page) }).toEqual({ ...where, overflow: 0 });
  expect({ ...where, problems: await contrastProblems(page) }).toEqual({ ...where, problems: [] });
}

function section(page: Page) {
  return page.locator("#two-step");
}

/** Starts the setup and answers the key the page shows (without its spaces), once the QR code is drawn. */
async function startSetup(page: Page): Promise<string> {
  await section(page).getByRole("button", { name: "Set up an authenticator app" }).click();
  await section(page).getByRole("img", { name: /QR code/ }).locator("svg").waitFor();
  const shown = await section(page).getByTestId("totp-secret").innerText();
  return shown.replace(/\s/g, "");
}

async function turnOn(page: Page, secret: string): Promise<string[]> {
  await section(page).getByLabel("Enter the 6-digit code the app shows").fill(await generate({ secret }));
  await section(page).getByRole("button", { name: "Turn on" }).click();
  const codes = section(page).getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await codes.first().waitFor();
  return codes.allInnerTexts();
}

test("sets up an authenticator app, keeps the recovery codes, makes new ones and turns it off", async () => {
  const { page, email } = await signedInPage({ width: 1280, theme: "light" });
  await section(page).getByText("Status: Off").waitFor();
  const secret = await startSetup(page);
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

  // A wrong code is refused next to the field, and the setup stays open.
  const right = await generate({ secret });
  await section(page).getByLabel("Enter the 6-digit code the app shows").fill(right === "000000" ? "111111" : "000000");
  await section(page).getByRole("button", { name: "Turn on" }).click();
  await section(page).getByText("That code did not work.").first().waitFor();

  const codes = await turnOn(page, secret);
  expect(codes).toHaveLength(10);
  await expect(section(page).getByRole("heading", { name: /Save your recovery codes/ }).evaluate((node) => node === document.activeElement)).resolves.toBe(true);

  await section(page).getByRole("button", { name: "Copy codes" }).click();
  await section(page).getByText("Copied to the clipboard.").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  for (const code of codes) expect(copied).toContain(code);

  const [download] = await Promise.all([page.waitForEvent("download"), section(page).getByRole("button", { name: "Download .txt" }).click()]);
  expect(download.suggestedFilename()).toBe("keyforge-recovery-codes.txt");
  const saved = await readFile((await download.path()) ?? "", "utf8");
  for (const code of codes) expect(saved).toContain(code);

  await section(page).getByRole("button", { name: "I saved them" }).click();
  await section(page).getByText("Status: On").waitFor();
  await section(page).getByText("10 recovery codes left.").waitFor();

  // Few codes left: the page warns, readably.
  const userId = await withAppDatabase(app.server, async (db) => (await db.collection("users").findOne({ email }))?._id);
  await withAppDatabase(app.server, async (db) => {
    const spent = await db.collection("recoveryCodes").find({ userId }).limit(8).toArray();
    await db.collection("recoveryCodes").deleteMany({ _id: { $in: spent.map((doc) => doc._id) } });
  });
  await page.reload();
  await section(page).getByText("2 recovery codes left. Make new ones before you run out.").waitFor();
  await expectFitsAndReadable(page, { step: "warning" });

  await section(page).getByRole("button", { name: "Make new recovery codes" }).click();
  const fresh = section(page).getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await fresh.first().waitFor();
  const newCodes = await fresh.allInnerTexts();
  expect(newCodes).toHaveLength(10);
  expect(newCodes.filter((code) => codes.includes(code))).toEqual([]);
  await section(page).getByRole("button", { name: "I saved them" }).click();
  await section(page).getByText("10 recovery codes left.").waitFor();

  await section(page).getByRole("button", { name: "Turn off" }).click();
  await section(page).getByRole("button", { name: "No phone? Use your password instead" }).click();
  await section(page).getByLabel("Your password").fill(PASSWORD);
  await section(page).getByRole("button", { name: "Turn off" }).click();
  await section(page).getByText("Two-step verification is off.").waitFor();
  await section(page).getByText("Status: Off").waitFor();
  expect(await withAppDatabase(app.server, (db) => db.collection("twoFactors").countDocuments({ _id: userId }))).toBe(0);
});

describe.each([390, 1280])("at %i px", (width) => {
  test.each(["light", "dark"] as const)("%s: the setup, the codes and the status fit, are readable, and are keyboard-reachable", async (theme) => {
    const { page } = await signedInPage({ width, theme });
    const where = { width, theme };
    const secret = await startSetup(page);
    // The code field is reachable by keyboard from the key's Copy button.
    await section(page).getByRole("button", { name: "Copy key" }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("code");
    await expectFitsAndReadable(page, { ...where, step: "setup" });
    await saveScreenshot(page, `two-step-setup-${width}-${theme}`);

    await turnOn(page, secret);
    await expectFitsAndReadable(page, { ...where, step: "codes" });
    await saveScreenshot(page, `two-step-codes-${width}-${theme}`);

    await section(page).getByRole("button", { name: "I saved them" }).press("Enter");
    await section(page).getByText("Status: On").waitFor();
    await expectFitsAndReadable(page, { ...where, step: "on" });
    await saveScreenshot(page, `two-step-on-${width}-${theme}`);
  });
});
