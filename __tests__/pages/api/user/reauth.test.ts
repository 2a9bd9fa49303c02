/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import * as reauthRoute from "@/pages/api/user/reauth";
import { APP_ORIGIN, CookieJar, getSession, jarForUser, rewriteSessionToken, sessionTokenOf, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { createTestUser, usersCollection } from "../../../helpers/users";

const ELEVEN_MINUTES = 11 * 60 * 1000;

function reauth(jar: CookieJar, json: unknown, headers: Record<string, string> = { origin: APP_ORIGIN }) {
  return callRoute<{ error?: { code: string; fields?: Record<string, string[]> } }>(reauthRoute, { method: "POST", jar, json, headers });
}

async function staleSignIn() {
  const user = await createTestUser();
  const jar = new CookieJar();
  await signIn(jar, { email: user.email, password: user.password });
  await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - ELEVEN_MINUTES }));
  return { user, jar };
}

describe("POST /api/user/reauth (confirm the password before a sensitive action)", () => {
  it("renews the authentication time of this session, keeping the same device", async () => {
    const { user, jar } = await staleSignIn();
    const device = (await getSession(jar))?.deviceSessionId;
    const before = Date.now();
    const res = await reauth(jar, { password: user.password });
    expect(res.status).toBe(204);
    expect((await sessionTokenOf(jar))?.authTime).toBeGreaterThanOrEqual(before);
    expect((await getSession(jar))?.deviceSessionId).toBe(device);
  });

  it("refuses a wrong password with 400 WRONG_PASSWORD and keeps the old authentication time", async () => {
    const { jar } = await staleSignIn();
    const authTime = (await sessionTokenOf(jar))?.authTime;
    const res = await reauth(jar, { password: "not-it-at-all" });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("WRONG_PASSWORD");
    expect((await sessionTokenOf(jar))?.authTime).toBe(authTime);
  });

  it("limits wrong passwords like sign-in does", async () => {
    const { user, jar } = await staleSignIn();
    for (let attempt = 0; attempt < 5; attempt++) await reauth(jar, { password: "not-it-at-all" });
    expect((await reauth(jar, { password: user.password })).status).toBe(429);
  });

  it("tells an account without a password to sign in again", async () => {
    const { insertedId } = await (await usersCollection()).insertOne({ name: "O", email: "o-reauth@example.com" });
    const jar = await jarForUser(insertedId.toString());
    const res = await reauth(jar, { password: "anything-at-all" });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("NO_PASSWORD");
  });

  it("answers 401 signed out, 403 cross-site, 400 for a malformed body", async () => {
    expect((await reauth(new CookieJar(), { password: "x" })).status).toBe(401);
    const { jar } = await staleSignIn();
    expect((await reauth(jar, { password: "x" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await reauth(jar, { password: { $ne: "" } })).status).toBe(400);
  });
});
