import type { Page } from "playwright-core";
import { signUpThroughTheForm } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";

/**
 * The sign-in and sign-up forms as people use them: where focus starts and
 * goes after a refusal, a sign-in button that sends once however often it is
 * pressed, the password field's Show toggle and strength meter (the server's
 * policy, common-password list included), and "Sign in instead" as a link.
 */

const app = appInBrowserForThisFile();

const person = { name: "Barbara Liskov", email: "barbara.forms@example.com", password: "Substitution-Principle-1987" };

beforeAll(async () => {
  await signUpThroughTheForm(app, person);
});

function focusedFieldName(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute("name"));
}

test("sign-in: the email field is focused; a wrong password is sent once, then cleared and focused", async () => {
  const page = await app.newPage();
  const credentialPosts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().includes("/api/auth/callback/credentials")) credentialPosts.push(request.url());
  });
  await page.goto("/auth/signin");
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "email");

  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-right-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).dblclick();
  await page.getByRole("alert").getByText("Invalid email or password").waitFor();

  expect(credentialPosts).toHaveLength(1);
  expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "password");
  expect(await page.getByLabel("Email").inputValue()).toBe(person.email);
  await saveScreenshot(page, "forms-01-signin-wrong-password");

  // Typing again where focus already is signs in.
  await page.keyboard.type(person.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === "/");
});

test("password field: Show toggles the text with aria-pressed; the meter applies the server's rules and list", async () => {
  const page = await app.newPage();
  await page.goto("/auth/signup");
  expect(await focusedFieldName(page)).toBe("name");
  const password = page.getByLabel("Password", { exact: true });
  const toggle = page.getByRole("button", { name: "Show password" });
  await page.getByText("8 to 72 characters; longer passphrases are stronger.").waitFor();
  expect(await password.getAttribute("autocomplete")).toBe("new-password");

  expect(await toggle.getAttribute("aria-pressed")).toBe("false");
  await password.fill("short");
  await page.getByText("Use at least 8 characters").waitFor();
  await toggle.click();
  expect(await toggle.getAttribute("aria-pressed")).toBe("true");
  expect(await password.getAttribute("type")).toBe("text");
  // The click leaves the caret in the field: typing goes on where it was.
  await page.keyboard.type("-and-longer");
  expect(await password.inputValue()).toBe("short-and-longer");
  await page.getByText("Strength: strong").waitFor();

  // The common-password list is the server's, loaded on first use.
  await password.fill("password123");
  await page.getByText("This password is one of the most common passwords and easy to guess. Choose another.").waitFor();
  await page.getByLabel("Email").fill("someone@example.com");
  await password.fill("someone@example.com");
  await page.getByText("Your password must not be your email address").waitFor();
  await password.fill("tidy-lamp-river");
  await page.getByText("Strength: good").waitFor();
  await saveScreenshot(page, "forms-02-password-meter");

  await toggle.press("Enter");
  expect(await toggle.getAttribute("aria-pressed")).toBe("false");
  expect(await password.getAttribute("type")).toBe("password");
});

test("sign-up with an email that has an account: 'Sign in instead' is a link that brings the email along", async () => {
  const page = await app.newPage();
  await page.goto("/auth/signup");
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill("Another-Strong-Passphrase-9");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("link", { name: "Sign in instead" }).click();
  await page.waitForURL((url) => url.pathname === "/auth/signin");
  expect(await page.getByLabel("Email").inputValue()).toBe(person.email);
  // With the email known, focus starts at the password.
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "password");
});
