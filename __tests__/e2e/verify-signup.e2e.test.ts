import type { Page } from "playwright-core";
import { markEmailVerified } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Verifying the address as part of sign-up, in a real browser against the
 * production build: the "Check your email" step, the code read from the mail
 * the app sent to its SMTP server, the banner on every signed-in page until it
 * is done, the key form's answer meanwhile, and the sign-up form's errors
 * going as soon as a field is fixed.
 */
const app = appInBrowserForThisFile();

const PASSWORD = "Harbor-Lantern-2026-verify";
const SUBJECT = /^Confirm your email for KeyForge$/;
const WIDTHS = [390, 1280] as const;
const THEMES = ["light", "dark"] as const;

let counter = 0;

/** Signs a new person up through the form (at `width`), landing on the code step; returns their email. */
async function signUp(page: Page, callbackUrl = "/"): Promise<string> {
  counter += 1;
  const email = `verify.e2e${counter}@example.com`;
  await page.goto(`/auth/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Name").fill(`Vera ${counter}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/auth/check-email");
  await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
  return email;
}

/**
 * The code in verification mail number `count` to `email`. The first is
 * waited for (sign-up sends it after its answer); a resend's page says "We
 * sent" only once the mail server took it, so by then it is here.
 */
async function codeFromMail(email: string, count = 1): Promise<string> {
  await app.server.mail.waitForMail(email, { subject: SUBJECT, timeoutMs: 15_000 });
  const mails = app.server.mail.mailsTo(email).filter((mail) => SUBJECT.test(mail.subject));
  const found = /Your confirmation code is (\d{6})\./.exec(mails[count - 1]?.text ?? "");
  if (!found?.[1]) throw new Error(`no code in verification mail ${count} to ${email} (${mails.length} arrived)`);
  return found[1];
}

const banner = (page: Page) => page.getByRole("complementary", { name: "Email verification" });

/** The page in both themes at both widths: nothing sideways, contrast kept, a screenshot of each. */
async function checkLayouts(page: Page, name: string, ready: () => Promise<unknown>) {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.reload();
      await ready();
      expect({ name, width, theme, overflow: await horizontalOverflow(page) }).toEqual({ name, width, theme, overflow: 0 });
      expect({ name, width, theme, problems: await contrastProblems(page) }).toEqual({ name, width, theme, problems: [] });
      await saveScreenshot(page, `verify-${name}-${width}-${theme}`);
    }
  }
}

test("sign up → the code step, focused → a wrong code says so → resend → the new code verifies → no banner", async () => {
  const page = await app.newPage({ viewport: { width: 1280, height: 800 } });
  const email = await signUp(page);

  const input = page.getByLabel("6-digit code");
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "code");
  expect(await input.getAttribute("inputmode")).toBe("numeric");
  expect(await input.getAttribute("autocomplete")).toBe("one-time-code");
  await page.getByText(`We sent a 6-digit code to ${email}`).waitFor();
  const first = await codeFromMail(email);

  await checkLayouts(page, "check-email", () => page.getByLabel("6-digit code").waitFor());
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "light" });

  // A wrong code: the answer sits next to the input, which gets focus back.
  await input.fill(first === "000000" ? "111111" : "000000");
  await page.keyboard.press("Enter");
  await page.getByText("That code is not right. 4 tries left.").waitFor();
  expect(await input.getAttribute("aria-invalid")).toBe("true");
  await saveScreenshot(page, "verify-wrong-code");

  // Resend: progress, what was sent, then a countdown before the next one.
  await page.getByRole("button", { name: "Resend code" }).click();
  await page.getByText(`We sent a new code to ${email}`).waitFor();
  expect(await page.getByRole("button", { name: /^Resend code \(\d+ s\)$/ }).isDisabled()).toBe(true);
  await saveScreenshot(page, "verify-resent");
  const second = await codeFromMail(email, 2);

  // Pasted with a space, as some mail apps copy it.
  await input.fill(`${second.slice(0, 3)} ${second.slice(3)}`);
  await page.getByRole("button", { name: "Verify email" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.locator("main h1").waitFor();
  expect(await banner(page).count()).toBe(0);
  await page.goto("/settings");
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  expect(await banner(page).count()).toBe(0);
});

test("skip for now → the banner on /settings and /generate; storing a key says how to verify", async () => {
  const page = await app.newPage({ viewport: { width: 1280, height: 800 } });
  const email = await signUp(page, "/settings/keys");
  await page.getByRole("link", { name: "Skip for now" }).click();
  await page.waitForURL((url) => url.pathname === "/settings/keys");
  await banner(page).getByText("Verify your email to store API keys and generate code.").waitFor();

  await checkLayouts(page, "banner-settings", () => banner(page).waitFor());
  await page.goto("/generate");
  await checkLayouts(page, "banner-generate", () => banner(page).waitFor());
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "light" });

  // The key form shows the server's refusal, with the way to verify.
  await page.goto("/settings/keys");
  const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Together AI", exact: true }) });
  await row.getByRole("button", { name: "Add Together AI key" }).click();
  await row.getByLabel("Together AI key", { exact: true }).fill("tgp_v1_NotYetVerified-0123456789abcdef");
  await page.keyboard.press("Enter");
  const masked = `${email[0]}…@example.com`;
  await page.getByText(`Verify your email first: enter the code we sent to ${masked}, or send a new one from Settings.`).waitFor();
  await saveScreenshot(page, "verify-key-refused");

  // The banner leads to the code, and back.
  await banner(page).getByRole("link", { name: "Enter the code" }).click();
  await page.waitForURL((url) => url.pathname === "/auth/check-email" && url.searchParams.get("callbackUrl") === "/settings/keys");
  await page.getByLabel("6-digit code").fill(await codeFromMail(email));
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === "/settings/keys");
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  expect(await banner(page).count()).toBe(0);
});

test("an address confirmed elsewhere (the link, on another device): the next page has no banner, and the session learns it", async () => {
  const page = await app.newPage({ viewport: { width: 1280, height: 800 } });
  const email = await signUp(page, "/settings/keys");
  await page.getByRole("link", { name: "Skip for now" }).click();
  await page.waitForURL((url) => url.pathname === "/settings/keys");
  await banner(page).waitFor();

  await markEmailVerified(app.server, email);
  await page.reload();
  await banner(page).waitFor({ state: "detached" });
  // The banner goes as soon as the address reads verified; the session's refresh it starts lands a moment later.
  await page.waitForFunction(
    async () => ((await (await fetch("/api/auth/session")).json()) as { user?: { emailVerified?: boolean } }).user?.emailVerified === true,
    undefined,
    { polling: 250, timeout: 5_000 },
  );
});

test.each(WIDTHS.flatMap((width) => THEMES.map((theme) => ({ width, theme }))))(
  "sign-up at $width px, $theme: a field's error goes as soon as the field is valid, the others stay until fixed",
  async ({ width, theme }) => {
    const page = await app.newPage({ viewport: { width, height: 800 }, colorScheme: theme });
    await page.goto("/auth/signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter your name").waitFor();
    const emailError = page.locator("#field-email-error");
    await emailError.waitFor();

    await page.getByLabel("Name").fill("Vera Fixed");
    await page.getByText("Enter your name").waitFor({ state: "detached" });
    expect(await page.getByLabel("Name").getAttribute("aria-invalid")).toBe("false");
    expect(await emailError.isVisible()).toBe(true);

    // Half an address is still wrong: its error stays; a whole one clears it.
    await page.getByLabel("Email").fill("vera@");
    expect(await emailError.isVisible()).toBe(true);
    await page.getByLabel("Email").fill("vera.fixed@example.com");
    await emailError.waitFor({ state: "detached" });
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await contrastProblems(page)).toEqual([]);
    await saveScreenshot(page, `verify-signup-errors-clear-${width}-${theme}`);
  },
);
