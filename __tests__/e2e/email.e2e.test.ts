import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";

/**
 * The email journeys in a real browser against the production build, with the
 * app sending its mail to a real SMTP server on 127.0.0.1: the link a person
 * opens is the one that arrived in the mail.
 */

const app = appInBrowserForThisFile();

async function signUpThroughApi(person: { name: string; email: string; password: string }): Promise<void> {
  const response = await fetch(`${app.server.baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.server.baseUrl },
    body: JSON.stringify(person),
  });
  expect(response.status).toBe(201);
}

/** The link to `pathname` in the newest mail to `email` whose subject matches. */
async function linkInMail(email: string, subject: RegExp, pathname: string): Promise<string> {
  const mail = await app.server.mail.waitForMail(email, { subject, timeoutMs: 15_000 });
  const link = mail.links.find((href) => new URL(href).pathname === pathname);
  if (!link) throw new Error(`no ${pathname} link in "${mail.subject}": ${mail.links.join(", ")}`);
  return link;
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs `page` in through the sign-in form, landing on Settings > Account (the email section). */
async function signInToSettings(page: Page, person: { email: string; password: string }): Promise<void> {
  await page.goto("/auth/signin?callbackUrl=%2Fsettings%2Faccount");
  await signIn(page, person.email, person.password);
  await page.waitForURL("**/settings/account");
}

test("forgot password → the link from the mail → a new password → signed in with it", async () => {
  const person = { name: "Grace Hopper", email: "grace.e2e@example.com", password: "Compiler-A0-1952-cobol" };
  const newPassword = "Nanosecond-Wire-11.8-inches";
  await signUpThroughApi(person);

  const page = await app.newPage();
  await page.goto("/auth/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.waitForURL("**/auth/forgot-password**");
  // The address typed on the sign-in page comes along.
  expect(await page.getByLabel("Email").inputValue()).toBe(person.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await page.getByRole("status").getByText("If an account uses that email").waitFor();
  await saveScreenshot(page, "email-01-forgot-password-sent");

  const link = await linkInMail(person.email, /^Reset your KeyForge password$/, "/auth/reset-password");
  expect(new URL(link).origin).toBe(app.server.baseUrl);
  await page.goto(link);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByLabel("New password").fill(newPassword);
  await saveScreenshot(page, "email-02-reset-password");
  await page.getByRole("button", { name: "Set new password" }).click();
  // The reset signs this browser in with the new password.
  await page.getByText(`Password changed — you're signed in as ${person.email}.`).waitFor();
  await page.getByTestId("header-user").getByText(person.name).waitFor();
  await saveScreenshot(page, "email-03-password-changed");

  // The same link a second time is refused, saying what to do next.
  await page.goto(link);
  await page.getByText("This link was already used").waitFor();
  await saveScreenshot(page, "email-04-reset-link-used");

  // The old password no longer works; the new one does.
  const fresh = await app.newPage();
  await fresh.goto("/auth/signin");
  await signIn(fresh, person.email, person.password);
  await fresh.locator("form").getByRole("alert").getByText("Invalid email or password").waitFor();
  await signIn(fresh, person.email, newPassword);
  await fresh.getByTestId("header-user").getByText(person.name).waitFor();
});

test("Settings shows an unconfirmed email; the link sent from there confirms it", async () => {
  const person = { name: "Katherine Johnson", email: "katherine.e2e@example.com", password: "Trajectory-Friendship-7" };
  await signUpThroughApi(person);
  const page = await app.newPage();
  await signInToSettings(page, person);
  const section = page.locator("#email");
  await section.getByText("Not verified").waitFor();
  await section.getByRole("button", { name: "Resend verification email" }).click();
  await section.getByText(`to ${person.email}`).waitFor();
  await saveScreenshot(page, "email-05-settings-verification-sent");

  // Sign-up sent a first link; the one from Settings replaced it, so only the newest works.
  const mails = () => app.server.mail.mailsTo(person.email).filter((mail) => /^Confirm your email/.test(mail.subject));
  await app.server.mail.waitForMail(person.email, { subject: /^Confirm your email/, timeoutMs: 15_000 });
  const deadline = Date.now() + 15_000;
  while (mails().length < 2 && Date.now() < deadline) await sleep(100);
  expect(mails()).toHaveLength(2);
  const newest = mails().at(-1)?.links.find((href) => new URL(href).pathname === "/auth/verify-email");
  if (!newest) throw new Error("no verification link in the newest mail");
  // Opening the link changes nothing; the account's password and the button confirm the address.
  await page.goto(newest);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await page.getByText(`Your email ${person.email} is confirmed.`).waitFor();
  await saveScreenshot(page, "email-06-email-confirmed");

  await page.goto("/settings/account");
  await page.locator("#email").getByText("Verified", { exact: true }).waitFor();
});

test("change the email in Settings → confirm from the new address → 'This wasn't me' from the old one", async () => {
  const person = { name: "Hedy Lamarr", email: "hedy.e2e@example.com", password: "Frequency-Hopping-1942" };
  const newEmail = "hedy.new.e2e@example.com";
  await signUpThroughApi(person);
  const page = await app.newPage();
  await signInToSettings(page, person);

  const section = page.locator("#email");
  await section.getByLabel("New email address").fill(newEmail);
  await section.getByLabel("Current password").fill(person.password);
  await section.getByRole("button", { name: "Change email" }).click();
  await section.getByText(newEmail).first().waitFor();
  await saveScreenshot(page, "email-07-settings-change-pending");

  // Opening the link changes nothing; the button on its page does.
  await page.goto(await linkInMail(newEmail, /^Confirm your new email/, "/auth/confirm-email"));
  await page.getByRole("button", { name: "Confirm new email" }).click();
  await page.getByText(`Your account now uses ${newEmail}.`).waitFor();
  await saveScreenshot(page, "email-08-email-changed");

  // The old address was told, twice (asked, then done); the newest notice undoes the change.
  const undo = await linkInMail(person.email, /^Your KeyForge email was changed$/, "/auth/revert-email-change");
  await page.goto(undo);
  await page.getByRole("button", { name: "Secure my account" }).click();
  await page.getByText(`Your account uses ${person.email} again.`).waitFor();
  await saveScreenshot(page, "email-09-account-secured");

  // Every device was signed out and the password removed: the old address gets a link to choose a new one.
  await page.goto("/settings");
  await page.waitForURL("**/auth/signin**");
  const newPassword = "Spread-Spectrum-Torpedo-88";
  await page.goto(await linkInMail(person.email, /^Choose a new password for KeyForge$/, "/auth/reset-password"));
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.getByText("Password changed — you're signed in").waitFor();
  await page.goto("/settings/account");
  await page.locator("#email").getByText(person.email, { exact: true }).waitFor();
});

test("the developer mailbox does not exist in production", async () => {
  const response = await fetch(`${app.server.baseUrl}/dev/mailbox`);
  expect(response.status).toBe(404);
});
