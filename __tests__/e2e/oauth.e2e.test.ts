import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { findFreePort } from "../../scripts/lib/free-port";
import { startOidcProvider, type OidcTestProvider } from "../helpers/oidc-provider";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { launchBrowser, saveScreenshot, type TestBrowser } from "./helpers/browser";
import { skipEmailCode, withAppDatabase } from "./helpers/accounts";
import { assertNoCspViolations } from "./helpers/csp-violations";

/**
 * "Continue with Acme SSO" in a real browser: the production build, a real
 * OpenID provider on 127.0.0.1 (oidc-provider) and NextAuth's whole redirect
 * flow, through the page CSP (whose form-action must let the button reach the provider).
 */

const OIDC_NAME = "Acme SSO";
let provider: OidcTestProvider;
let server: AppServer;
let browser: TestBrowser;

beforeAll(async () => {
  const port = await findFreePort();
  provider = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`] });
  server = await startAppServer({
    port,
    env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_NAME },
  });
  browser = await launchBrowser({ baseUrl: server.baseUrl });
});

afterEach(() => assertNoCspViolations(browser.takeCspViolations()));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

/** At the provider's login page: signs in as `login` and waits to be back at the app. */
async function signInAtProvider(page: Page, login: string, backAt: RegExp) {
  await page.getByRole("textbox", { name: "Username" }).fill(login);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(backAt);
}

describe("signing in with an OpenID Connect provider", () => {
  it("signs a new person in and back, with one user and one token-free link, and marks the method as last used", async () => {
    const login = `ada-${randomBytes(3).toString("hex")}`;
    await provider.setAccount(login, { email: "ada.sso@example.com", email_verified: true, name: "Ada SSO" });
    const page = await browser.newPage();

    await page.goto("/auth/signin");
    await page.getByRole("button", { name: `Continue with ${OIDC_NAME}` }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await signInAtProvider(page, login, new RegExp(`^${server.baseUrl}/$`));
    await page.getByText("Ada SSO").first().waitFor();

    const { users, accounts } = await withAppDatabase(server, async (db) => ({
      users: await db.collection("users").find({}).toArray(),
      accounts: await db.collection("accounts").find({}).toArray(),
    }));
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: "ada.sso@example.com", name: "Ada SSO" });
    expect(accounts).toHaveLength(1);
    expect(Object.keys(accounts[0]!).sort()).toEqual(["_id", "label", "provider", "providerAccountId", "type", "userId"]);
    expect(accounts[0]).toMatchObject({ provider: "oidc", providerAccountId: login, userId: users[0]!._id });

    await page.goto("/settings/account");
    const section = page.getByRole("region", { name: "Connected accounts" });
    await section.getByText("ada.sso@example.com").waitFor();
    await expect(section.getByRole("button", { name: /Disconnect/ }).isDisabled()).resolves.toBe(true);
    await section.getByText("This is your only way to sign in").waitFor();
    await saveScreenshot(page, "oauth-connected-accounts-only-way");

    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    await page.goto("/auth/signin");
    await page.getByRole("button", { name: `Continue with ${OIDC_NAME} Last used` }).waitFor();
    await saveScreenshot(page, "oauth-signin-last-used");
    await page.close();
  });

  it("connects the provider to a password account from Settings, then disconnects it", async () => {
    const login = `grace-${randomBytes(3).toString("hex")}`;
    await provider.setAccount(login, { email: "grace.work@example.org", email_verified: true });
    const page = await browser.newPage();
    await page.goto("/auth/signup");
    await page.getByRole("textbox", { name: "Name" }).fill("Grace");
    await page.getByRole("textbox", { name: "Email" }).fill("grace@example.com");
    await page.getByRole("textbox", { name: "Password" }).fill("Copper-Lantern-2026-x");
    await page.getByRole("button", { name: "Create account" }).click();
    await skipEmailCode(page, "/");

    await page.goto("/settings/account");
    const section = page.getByRole("region", { name: "Connected accounts" });
    await section.getByRole("button", { name: `Connect ${OIDC_NAME}` }).click();
    await signInAtProvider(page, login, /\/settings\/account/);
    await section.getByText("grace.work@example.org").waitFor();
    await saveScreenshot(page, "oauth-connected-accounts");

    await section.getByRole("button", { name: `Disconnect ${OIDC_NAME}` }).click();
    await section.getByText(`Disconnected ${OIDC_NAME}.`).waitFor();
    await section.getByRole("button", { name: `Connect ${OIDC_NAME}` }).waitFor();
    expect(await withAppDatabase(server, (db) => db.collection("accounts").countDocuments({ providerAccountId: login }))).toBe(0);
    await page.close();
  });
});
