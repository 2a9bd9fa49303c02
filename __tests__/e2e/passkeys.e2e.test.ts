import type { Page } from "playwright-core";
import { signUpThroughTheForm } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { horizontalOverflow } from "./helpers/page-checks";

/**
 * Passkeys in Chromium, with the DevTools virtual authenticator standing in
 * for a phone or laptop (a platform authenticator that holds discoverable
 * credentials and verifies its user): add one in Settings, sign out, sign in
 * with it alone, then remove it. The app is named http://localhost:<port>,
 * since an IP address is no valid rpID. Every page must stay free of
 * Content-Security-Policy violations (appInBrowserForThisFile checks).
 */
const app = appInBrowserForThisFile({ localhost: true });

const PERSON = { name: "Pat Passkey", email: "pat.passkey@example.com", password: "Harbor-lantern-violet-42" };

/** A virtual authenticator for this page (it lives as long as the page, across navigations). */
/** A platform authenticator with user verification in this page's browser; it answers every request at once. */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
}

/**
 * The virtual authenticator answers the sign-in page's autofill request
 * (conditional mediation) as soon as it starts, so this page's browser
 * reports no autofill unless the tab says so: then the button is the only
 * way in, as in a browser without conditional mediation.
 */
async function autofillOnlyWhenAllowed(page: Page): Promise<{ allowAutofill(): Promise<void> }> {
  await page.addInitScript(() => {
    if (sessionStorage.getItem("allow-autofill")) return;
    PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
  });
  return { allowAutofill: () => page.evaluate(() => sessionStorage.setItem("allow-autofill", "1")) };
}

async function screenshots(page: Page, name: string, path: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(path);
      await page.locator("main h1").waitFor();
      expect({ path, width, overflow: await horizontalOverflow(page) }).toEqual({ path, width, overflow: 0 });
      await saveScreenshot(page, `passkeys-${name}-${width}-${theme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function signedInEmail(page: Page): Promise<string | undefined> {
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  return session.user?.email;
}

describe("passkeys in the browser", () => {
  it("adds a passkey in Settings, signs in with it alone (the button, then the email field's autofill), and removes it", async () => {
    const state = await signUpThroughTheForm(app, PERSON);
    const page = await app.newPage({ storageState: state });
    await addVirtualAuthenticator(page);
    const autofill = await autofillOnlyWhenAllowed(page);

    await page.goto("/settings/security");
    await page.getByRole("heading", { name: "Passkeys" }).waitFor();
    await page.getByLabel("Name for a new passkey").fill("Test laptop");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByRole("heading", { name: "Test laptop" }).waitFor();
    await page.getByText('Added the passkey "Test laptop".').waitFor();
    await screenshots(page, "settings", "/settings/security#passkeys");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/settings"));
    await screenshots(page, "signin", "/auth/signin");
    expect(await page.getByLabel("Email").getAttribute("autocomplete")).toBe("username webauthn");

    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    expect(await signedInEmail(page)).toBe(PERSON.email);

    // Where the browser offers passkeys in the email field's suggestions, choosing one signs in with no button at all.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    expect(await signedInEmail(page)).toBeUndefined();
    await autofill.allowAutofill();
    // The autofill's sign-in may leave the page before it has loaded: only the navigation's start is awaited.
    await page.goto("/auth/signin", { waitUntil: "commit" });
    await page.waitForURL((url) => url.pathname === "/");
    expect(await signedInEmail(page)).toBe(PERSON.email);

    await page.goto("/settings/security");
    const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Test laptop" }) });
    await row.getByText(/Last used/).waitFor();
    await row.getByRole("button", { name: "Remove Test laptop" }).click();
    await page.getByRole("button", { name: "Remove passkey" }).click();
    await page.getByText("No passkeys yet.").waitFor();
  });
});
