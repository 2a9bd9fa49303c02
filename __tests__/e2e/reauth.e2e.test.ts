import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { encode } from "next-auth/jwt";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";

/**
 * Re-authentication in the browser: an account that signs in with a provider
 * (no password yet) tries to set a first password more than 10 minutes after
 * signing in, and Settings asks it to sign in again instead of failing.
 * OAuth providers arrive later, so the test makes that account and its session
 * the way a provider sign-in would leave them: a user without a password, a
 * device session, and a session cookie sealed with the server's secret.
 */

const secret = randomBytes(32).toString("base64url");
const app = appInBrowserForThisFile({ env: { NEXTAUTH_SECRET: secret } });

async function oauthAccountSignedInMinutesAgo(minutes: number): Promise<string> {
  const client = new MongoClient(app.server.databaseUri);
  try {
    const db = client.db();
    const now = new Date();
    const { insertedId: userId } = await db
      .collection("users")
      .insertOne({ name: "Ada Provider", email: "ada.provider@example.com", emailVerified: now, role: "user", sessionVersion: 0 });
    const { insertedId: deviceId } = await db.collection("sessions").insertOne({
      sessionToken: randomBytes(16).toString("hex"),
      userId,
      expires: new Date(now.getTime() + 86_400_000),
      userAgent: "e2e",
      ip: "127.0.0.1",
      createdAt: now,
      lastSeenAt: now,
    });
    const authTime = now.getTime() - minutes * 60_000;
    const token = {
      sub: userId.toString(),
      id: userId.toString(),
      role: "user" as const,
      name: "Ada Provider",
      email: "ada.provider@example.com",
      sessionVersion: 0,
      deviceSessionId: deviceId.toString(),
      authTime,
      checkedAt: 0,
    };
    return await encode({ token, secret });
  } finally {
    await client.close();
  }
}

describe("re-authentication before setting a first password", () => {
  it("asks an account whose sign-in is 11 minutes old to sign in again, and changes nothing", async () => {
    const page = await app.newPage();
    const cookie = await oauthAccountSignedInMinutesAgo(11);
    // Production: NextAuth's cookies are Secure and prefixed (browsers keep them on 127.0.0.1).
    await page.context().addCookies([
      { name: "__Secure-next-auth.session-token", value: cookie, domain: "127.0.0.1", path: "/", secure: true, httpOnly: true, sameSite: "Lax" },
    ]);
    await page.goto("/settings/account");
    await page.getByRole("button", { name: "Set password" }).waitFor();

    await page.getByRole("textbox", { name: "Password", exact: true }).fill("First-Passphrase-2026");
    await page.getByRole("button", { name: "Set password" }).click();

    const prompt = page.getByRole("group", { name: "Sign in again to continue" });
    await prompt.waitFor();
    await page.getByRole("alert").filter({ hasText: "confirm it is you" }).waitFor();
    await saveScreenshot(page, "reauth-prompt");
    await prompt.getByRole("button", { name: "Cancel" }).click();
    await prompt.waitFor({ state: "detached" });

    const client = new MongoClient(app.server.databaseUri);
    try {
      const user = await client.db().collection("users").findOne({ email: "ada.provider@example.com" });
      expect(user?.passwordHash).toBeUndefined();
    } finally {
      await client.close();
    }
    await page.close();
  });
});
