import { signUpThroughTheForm, type SignedInState } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { checkEveryLayout, contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Every page, as a phone (320 and 390 px) and a desktop (1280 px) show it, in
 * the light and the dark theme: nothing scrolls sideways, all text keeps 4.5:1
 * contrast, and each page is saved as a screenshot (artifacts/e2e/pages/…)
 * so a reviewer can look at all of them.
 */

const app = appInBrowserForThisFile();

const person = { name: "Ada Lovelace", email: "ada.pages@example.com", password: "Analytical-Engine-1843" };
/** A well-formed link token that matches nothing: each email-link page shows its "link does not work" state. */
const unknownToken = "A".repeat(43);

const signedOutPages: [name: string, path: string][] = [
  ["home", "/"],
  ["signin", "/auth/signin"],
  ["signup", "/auth/signup"],
  ["forgot-password", "/auth/forgot-password"],
  ["reset-password", `/auth/reset-password?token=${unknownToken}`],
  ["verify-email", `/auth/verify-email?token=${unknownToken}`],
  ["confirm-email", `/auth/confirm-email?token=${unknownToken}`],
  ["revert-email-change", `/auth/revert-email-change?token=${unknownToken}`],
  // A sign-in link's page: for a well-formed link that matches nothing, "already used"; then "check your email".
  ["email-link", `/auth/email-link?token=${"a".repeat(64)}&email=ada.pages%40example.com`],
  ["email-sent", "/auth/email-sent"],
  ["auth-error", "/auth/error?error=AccessDenied"],
  // Without a pending sign-in it still asks for the code (the ticket is unreadable to pages); its refusal says to start again.
  ["two-factor", "/auth/two-factor"],
  ["not-found", "/no-such-page"],
];
const signedInPages: [name: string, path: string][] = [
  ["start", "/"],
  ["generate", "/generate"],
  ["settings", "/settings/profile"],
  ["settings-security", "/settings/security"],
  ["check-email", "/auth/check-email"],
  ["unauthorized", "/unauthorized"],
];

const themes = ["light", "dark"] as const;

/** Cookies of a signed-in browser, made once by signing up through the form. */
let signedIn: SignedInState;

beforeAll(async () => {
  signedIn = await signUpThroughTheForm(app, person);
});

test.each(signedOutPages)("signed out, %s (%s): fits 320 to 1280 px, readable in both themes", async (name, path) => {
  const page = await app.newPage();
  await checkEveryLayout(page, name, path);
});

test.each(signedInPages)("signed in, %s (%s): fits 320 to 1280 px, readable in both themes", async (name, path) => {
  const page = await app.newPage({ storageState: signedIn });
  await checkEveryLayout(page, name, path);
});

test("the phone menu fits and stays readable when open, in both themes", async () => {
  const page = await app.newPage({ storageState: signedIn, viewport: { width: 320, height: 700 } });
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto("/settings/profile");
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Generate" }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await contrastProblems(page)).toEqual([]);
    await saveScreenshot(page, `pages-menu-open-320-${theme}`);
  }
});
