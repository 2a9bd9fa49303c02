import type { Page } from "playwright-core";
import { signUpThroughTheForm } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { checkEveryLayout } from "./helpers/page-checks";
import { TWO_FACTOR_APP_ENV, currentTotpCode, enableTotpInApp } from "./helpers/two-factor";

/**
 * Signing in to an account with two-step verification through the real
 * pages of the production build: the password, then /auth/two-factor, with
 * and without JavaScript, with the authenticator app's code or a recovery
 * code. Each test has its own account: a code's time step is spent once.
 */
const app = appInBrowserForThisFile({ env: TWO_FACTOR_APP_ENV });

let counter = 0;

/** A new account (signed up through the form) with TOTP on; its password, secret and recovery codes. */
async function personWithTotp() {
  counter += 1;
  const person = { name: `Two Step ${counter}`, email: `two.step.${counter}@example.com`, password: "Second-Factor-Garden-28" };
  await signUpThroughTheForm(app, person);
  return { ...person, ...(await enableTotpInApp(app.server, person.email)) };
}

/** The password step in `page`, which then shows the second step. */
async function signInWithPassword(page: Page, person: { email: string; password: string }): Promise<void> {
  await page.goto("/auth/signin?callbackUrl=%2Fsettings");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/auth/two-factor");
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/settings");
}

async function expectSignedInOnSettings(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith("/settings"));
  const session = await page.evaluate(() => fetch("/api/auth/session").then((response) => response.json()));
  expect(session).toMatchObject({ user: { email: expect.any(String) } });
}

test("with JavaScript: the password, a wrong code with a clear message, then the right code signs in", async () => {
  const person = await personWithTotp();
  const page = await app.newPage();
  await signInWithPassword(page, person);
  const code = page.getByLabel("6-digit code");
  await expect(code.getAttribute("autocomplete")).resolves.toBe("one-time-code");
  await expect(code.getAttribute("inputmode")).resolves.toBe("numeric");
  await expect(code.evaluate((input) => input === document.activeElement)).resolves.toBe(true);

  await page.keyboard.type("000000");
  await page.keyboard.press("Enter");
  await expect(page.locator("main").getByRole("alert").textContent()).resolves.toContain("That code is not right");
  await saveScreenshot(page, "two-factor-wrong-code-1280-light");

  await code.fill(await currentTotpCode(person.secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expectSignedInOnSettings(page);
  await page.close();
});

test("with JavaScript: a recovery code instead", async () => {
  const person = await personWithTotp();
  const page = await app.newPage({ colorScheme: "dark", viewport: { width: 390, height: 800 } });
  await signInWithPassword(page, person);
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await page.waitForURL((url) => url.searchParams.get("method") === "recovery");
  await saveScreenshot(page, "two-factor-recovery-390-dark");
  await page.getByLabel("Recovery code").fill((person.recoveryCodes[0] ?? "").toUpperCase());
  await page.getByRole("button", { name: "Verify" }).click();
  await expectSignedInOnSettings(page);
  await page.close();
});

test("without JavaScript: the forms post themselves, a wrong code comes back with its message, the right one signs in", async () => {
  const person = await personWithTotp();
  const page = await app.newPage({ javaScriptEnabled: false });
  await signInWithPassword(page, person);

  await page.getByLabel("6-digit code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((url) => url.searchParams.get("error") === "INVALID_TWO_FACTOR_CODE");
  await expect(page.locator("main").getByRole("alert").textContent()).resolves.toContain("That code is not right");

  await page.getByLabel("6-digit code").fill(await currentTotpCode(person.secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/settings"));
  await expect(page.locator("main h1").textContent()).resolves.toBeTruthy();
  expect(page.url()).not.toMatch(/code=|recoveryCode=/);
  await page.close();
});

test("the second step's page at every width, in both themes, with and without an error", async () => {
  const page = await app.newPage();
  await checkEveryLayout(page, "two-factor", "/auth/two-factor?callbackUrl=%2Fsettings");
  await checkEveryLayout(page, "two-factor-error", "/auth/two-factor?error=INVALID_TWO_FACTOR_CODE&callbackUrl=%2Fsettings");
  await checkEveryLayout(page, "two-factor-recovery", "/auth/two-factor?method=recovery&callbackUrl=%2Fsettings");
  await page.close();
});
