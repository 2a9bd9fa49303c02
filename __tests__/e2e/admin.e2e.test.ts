import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { MongoClient } from "mongodb";
import type { Page } from "playwright-core";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { checkEveryLayout, horizontalOverflow } from "./helpers/page-checks";

/**
 * The admin console in a real browser against the production build, with the
 * users `npm run seed` makes: the seeded admin finds a demo user by email and
 * disables them (whose next request after the revalidation interval is
 * signed out), views the product as another demo user and stops, resets a
 * demo user's second factors, and an ordinary user is turned away from /admin. The tests share the seeded
 * accounts and run in order.
 */

const app = appInBrowserForThisFile();
const run = promisify(execFile);

const ADMIN = { email: "admin@keyforge.test", password: "Console-Keeper-2026-oak" };
/** The demo users' passwords, as the seed printed them (generated, shown once). */
const demoPasswords = new Map<string, string>();

beforeAll(async () => {
  const env = {
    ...process.env,
    NODE_ENV: "development" as const,
    MONGODB_URI: app.server.databaseUri,
    SEED_ADMIN_EMAIL: ADMIN.email,
    SEED_ADMIN_PASSWORD: ADMIN.password,
    // The seed stores bcrypt hashes only; these just satisfy the environment check.
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  };
  const { stdout } = await run("npx", ["tsx", "scripts/seed.ts"], { env });
  for (const [, email, password] of stdout.matchAll(/(\S+@example\.com)\s+password: (\S+)/g)) {
    if (email && password) demoPasswords.set(email, password);
  }
  expect([...demoPasswords.keys()].sort()).toEqual(["ada.demo@example.com", "grace.demo@example.com", "linus.demo@example.com"]);
}, 60_000);

async function signIn(page: Page, email: string, password: string, callbackUrl = "/") {
  await page.goto(`/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === callbackUrl);
}

function demoPassword(email: string): string {
  const password = demoPasswords.get(email);
  if (!password) throw new Error(`the seed printed no password for ${email}`);
  return password;
}

/** The admin finds a user through the console's search and opens their page. */
async function openUser(page: Page, email: string) {
  await page.goto("/admin");
  await page.getByLabel("Search users").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("query") === email);
  await page.getByRole("link", { name: new RegExp(`^Demo `) }).first().click();
  await page.waitForURL("**/admin/users/**");
}

test("the seeded admin finds a demo user by email and disables them; their next request after the interval is signed out", async () => {
  const victim = "ada.demo@example.com";
  const userPage = await app.newPage();
  await signIn(userPage, victim, demoPassword(victim), "/settings/profile");

  const page = await app.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.waitForURL("**/admin");
  await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
  expect(await page.getByRole("row").count()).toBe(5); // the header row, the admin and three demo users
  await saveScreenshot(page, "admin-users");

  await openUser(page, victim);
  await page.getByRole("heading", { level: 1, name: "Demo Ada" }).waitFor();
  await page.getByLabel("Reason", { exact: true }).fill("Reported for sharing their account");
  await page.getByRole("button", { name: "Disable account" }).click();
  await page.getByRole("button", { name: "Enable account" }).waitFor();
  expect(await page.getByText("Reported for sharing their account").count()).toBeGreaterThan(0);
  await saveScreenshot(page, "admin-user-disabled");

  // SESSION_REVALIDATE_SECONDS is 1 in these tests.
  await userPage.waitForTimeout(1_100);
  await userPage.goto("/settings");
  await userPage.waitForURL((url) => url.pathname === "/auth/signin");

  await page.getByRole("button", { name: "Enable account" }).click();
  await page.getByRole("button", { name: "Disable account" }).waitFor();
  await signIn(userPage, victim, demoPassword(victim), "/settings/profile");
});

test("view as: a banner on every page says so, and Stop returns the admin to the user's page", async () => {
  const viewed = "linus.demo@example.com";
  const page = await app.newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page, ADMIN.email, ADMIN.password);
  await openUser(page, viewed);
  await page.getByRole("button", { name: "View as this user" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  const banner = page.getByRole("status").filter({ hasText: "You are viewing KeyForge as" });
  await banner.waitFor();
  expect(await banner.textContent()).toContain("Demo Linus");
  expect(await horizontalOverflow(page)).toBe(0);
  await saveScreenshot(page, "admin-view-as-banner");
  await page.goto("/settings");
  await banner.waitFor();
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();

  await page.getByRole("button", { name: "Stop viewing" }).click();
  await page.waitForURL("**/admin/users/**");
  await page.getByRole("heading", { level: 1, name: "Demo Linus" }).waitFor();
  expect(await page.getByText("You are viewing KeyForge as").count()).toBe(0);
});

test("the console and a user's page fit 320 to 1280 px and stay readable in both themes, as does the view-as banner", async () => {
  const page = await app.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await checkEveryLayout(page, "admin-users", "/admin?query=demo");
  await openUser(page, "grace.demo@example.com");
  await checkEveryLayout(page, "admin-user", new URL(page.url()).pathname);
  await page.getByRole("button", { name: "View as this user" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await checkEveryLayout(page, "view-as-start", "/");
  await page.getByRole("button", { name: "Stop viewing" }).click();
  await page.waitForURL("**/admin/users/**");
});

test("an ordinary user is turned away from /admin with a 403 page; signed out, it asks to sign in", async () => {
  const grace = "grace.demo@example.com";
  const page = await app.newPage();
  const signedOut = await page.goto("/admin");
  expect(new URL(signedOut?.url() ?? "").pathname).toBe("/auth/signin");
  await signIn(page, grace, demoPassword(grace));
  await page.goto("/admin");
  await page.waitForURL("**/unauthorized");
  const response = await page.reload();
  expect(response?.status()).toBe(403);
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count()).toBe(0);
});

/** A passkey stored for the user with `email`, as a registration would leave it (its key is never checked here). */
async function storePasskey(email: string, name: string) {
  const client = new MongoClient(app.server.databaseUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const db = client.db();
    const user = await db.collection("users").findOne({ email });
    if (!user) throw new Error(`no user ${email}`);
    // A passkey's _id is its credential id (a string), not an ObjectId.
    await db.collection<{ _id: string } & Record<string, unknown>>("passkeys").insertOne({
      _id: randomBytes(16).toString("base64url"),
      userId: user._id,
      name,
      publicKey: randomBytes(77),
      counter: 0,
      transports: ["internal"],
      deviceType: "multiDevice",
      backedUp: true,
      createdAt: new Date(),
      lastUsedAt: null,
    });
  } finally {
    await client.close();
  }
}

test("a user's page shows their second factors; a reset with a reason removes them and signs the user out", async () => {
  const grace = "grace.demo@example.com";
  await storePasskey(grace, "Grace's phone");
  const userPage = await app.newPage();
  await signIn(userPage, grace, demoPassword(grace), "/settings/profile");

  const page = await app.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, ADMIN.email, ADMIN.password);
  await openUser(page, grace);
  const fact = (term: string) => page.locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd");
  expect(await fact("Two-step verification").textContent()).toBe("Off");
  expect(await fact("Passkeys").textContent()).toBe("1");
  await checkEveryLayout(page, "admin-user-second-factors", new URL(page.url()).pathname);

  await page.setViewportSize({ width: 1280, height: 900 });
  const reset = page.getByRole("button", { name: "Reset two-step verification" });
  await reset.click();
  await page.getByText("Say why two-step verification is reset").waitFor();
  await page.getByLabel("Reason for the reset").fill("Lost her phone; confirmed on a call");
  await reset.click();
  await page.getByRole("status").getByText("Two-step verification reset.").waitFor();
  expect(await fact("Passkeys").textContent()).toBe("None");
  expect(await page.getByText("Nothing to reset: no authenticator app and no passkeys.").count()).toBe(1);
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await horizontalOverflow(page)).toBe(0);
      await saveScreenshot(page, `admin-user-two-factor-reset-${width}-${theme}`);
    }
  }

  // SESSION_REVALIDATE_SECONDS is 1 in these tests.
  await userPage.waitForTimeout(1_100);
  await userPage.goto("/settings");
  await userPage.waitForURL((url) => url.pathname === "/auth/signin");
});
