import type { Page } from "playwright-core";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { skipEmailCode } from "./helpers/accounts";
import { saveScreenshot } from "./helpers/browser";

/**
 * The account journeys a person takes, in a real browser against the
 * production build: sign up, stay signed in, sign out, sign in, protected pages.
 */

const app = appInBrowserForThisFile();

const person = { name: "Ada Lovelace", email: "ada.e2e@example.com", password: "Analytical-Engine-1843" };

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("sign up → signed in → reload → sign out → sign in → settings", async () => {
  const page = await app.newPage();
  await page.goto("/");
  await saveScreenshot(page, "01-home-signed-out");
  await page.getByRole("main").getByRole("link", { name: "Sign up" }).click();
  await page.waitForURL("**/auth/signup**");

  // The browser shows the API's own field errors before anything is sent.
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("Enter your name").waitFor();
  expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("name");
  await saveScreenshot(page, "02-signup-field-errors");

  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();

  // The header can show the new session a moment before the start page has loaded.
  await skipEmailCode(page, "/");
  await page.getByRole("heading", { level: 1, name: `Welcome to KeyForge, ${person.name}` }).waitFor();
  const header = page.getByTestId("header-user");
  await header.getByText(person.name).waitFor();
  await saveScreenshot(page, "03-home-signed-in");

  await page.reload();
  await header.getByText(person.email).waitFor();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).waitFor();
  await saveScreenshot(page, "04-home-signed-out-again");

  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await page.waitForURL("**/auth/signin**");
  await saveScreenshot(page, "05-signin");
  await fillSignIn(page, person.email, person.password);
  await header.getByText(person.name).waitFor();

  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  await saveScreenshot(page, "06-settings");
});

test("a wrong password shows one plain error and no session", async () => {
  const page = await app.newPage();
  await page.goto("/auth/signin");
  await fillSignIn(page, person.email, "not-the-password");
  // Scoped to the form: Next's route announcer is an (empty) alert too.
  const alert = page.locator("form").getByRole("alert");
  await alert.waitFor();
  expect(await alert.textContent()).toBe("Invalid email or password");
  expect(await page.getByRole("link", { name: "Sign in" }).count()).toBe(1);
  await saveScreenshot(page, "07-signin-wrong-password");
});

test("signed out, /settings goes to sign-in and comes back (to its first page) after signing in", async () => {
  const page = await app.newPage();
  const response = await page.goto("/settings");
  expect(response?.ok()).toBe(true);
  const url = new URL(page.url());
  expect(url.pathname).toBe("/auth/signin");
  expect(url.searchParams.get("callbackUrl")).toBe("/settings");
  await saveScreenshot(page, "08-settings-redirects-to-signin");

  await fillSignIn(page, person.email, person.password);
  await page.waitForURL("**/settings/profile");
  await page.getByRole("heading", { name: "Settings" }).waitFor();
});

test("an email already in use is reported next to the field", async () => {
  const page = await app.newPage();
  await page.goto("/auth/signup");
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("Email").fill(person.email.toUpperCase());
  await page.getByLabel("Password").fill("Another-Strong-Passphrase-9");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("An account with this email already exists. Sign in instead").waitFor();
  await saveScreenshot(page, "09-signup-email-taken");
});
