import { copyFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { signUpThroughTheForm, withAppDatabase } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { checkEveryLayout, contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Deleting an account in a real browser against the production build: a
 * person deletes their own from Settings → Your data (390 and 1280 px, light
 * and dark: a wrong address is refused in place, the right one and the
 * password sign them out onto a page that says so), and an admin deletes
 * someone's from the console with a reason and a confirmation.
 */

const app = appInBrowserForThisFile();
const PASSWORD = "Deleted-Without-Trace-2026";

/** Saved for the report's reviewer too (artifacts/ is not in git; /tmp is where this helper's screenshots are looked at). */
async function screenshot(page: Page, name: string) {
  await copyFile(await saveScreenshot(page, name), `/tmp/${name}.png`);
}

async function expectFitsAndReadable(page: Page, where: object) {
  expect({ ...where, overflow: await horizontalOverflow(page) }).toEqual({ ...where, overflow: 0 });
  expect({ ...where, problems: await contrastProblems(page) }).toEqual({ ...where, problems: [] });
}

describe.each([390, 1280])("at %i px", (width) => {
  test.each(["light", "dark"] as const)("%s: a person deletes their account from Settings and lands signed out", async (theme) => {
    const email = `leaving.${width}.${theme}@example.com`;
    const state = await signUpThroughTheForm(app, { name: "Leaving Person", email, password: PASSWORD });
    const page = await app.newPage({ storageState: state, viewport: { width, height: 800 }, colorScheme: theme });
    await page.goto("/settings/data");
    const section = page.locator("section", { has: page.locator("#delete-account-heading") });
    await section.getByText("Kept for up to 90 days").waitFor();
    await expectFitsAndReadable(page, { width, theme });

    // A wrong address is refused where it was typed, and nothing happens.
    await section.getByLabel(/Type your email address/).fill("someone.else@example.com");
    await section.getByLabel("Current password").fill(PASSWORD);
    await section.getByRole("button", { name: "Delete my account" }).click();
    await section.getByText("Type your account's email address exactly").waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("confirmEmail");
    await screenshot(page, `account-deletion-error-${width}-${theme}`);

    // Keyboard only from here: the right address, Tab to the password, Enter.
    await section.getByLabel(/Type your email address/).fill(email.toUpperCase());
    await section.getByLabel(/Type your email address/).press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/account-deleted");
    await page.getByRole("heading", { name: "Your account was deleted" }).waitFor();
    await expectFitsAndReadable(page, { width, theme, page: "account-deleted" });
    await screenshot(page, `account-deleted-${width}-${theme}`);

    await page.goto("/settings/data");
    await page.waitForURL((url) => url.pathname === "/auth/signin");
    expect(await withAppDatabase(app.server, (db) => db.collection("users").countDocuments({ email }))).toBe(0);
    await page.close();
  });
});

test("an admin deletes a user's account from the console, with a reason and a confirmation", async () => {
  const adminEmail = "console.admin@example.com";
  const victimEmail = "console.victim@example.com";
  await signUpThroughTheForm(app, { name: "Console Admin", email: adminEmail, password: PASSWORD });
  await signUpThroughTheForm(app, { name: "Console Victim", email: victimEmail, password: PASSWORD });
  const victimId = await withAppDatabase(app.server, async (db) => {
    await db.collection("users").updateOne({ email: adminEmail }, { $set: { role: "admin" } });
    return String((await db.collection("users").findOne({ email: victimEmail }))?._id);
  });

  const page = await app.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto("/auth/signin?callbackUrl=%2Fadmin");
  await page.getByLabel("Email").fill(adminEmail);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  await page.goto(`/admin/users/${victimId}`);

  const action = page.locator("#delete-action");
  await action.getByRole("button", { name: "Delete account…" }).click();
  await action.getByText("Say why the account is deleted").waitFor();
  await action.getByLabel("Reason for deleting").fill("Asked by email, ticket 7");
  await action.getByRole("button", { name: "Delete account…" }).click();
  // The confirmation opens on "Keep it", so a stray Enter keeps the account.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Keep it");
  await screenshot(page, "account-deletion-admin-confirm");
  await action.getByRole("button", { name: "Delete account", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  expect(await withAppDatabase(app.server, (db) => db.collection("users").countDocuments({ email: victimEmail }))).toBe(0);
  await page.close();
});

test("the page after a deletion fits 320 to 1280 px, readable in both themes", async () => {
  await checkEveryLayout(await app.newPage(), "account-deleted", "/account-deleted");
});
