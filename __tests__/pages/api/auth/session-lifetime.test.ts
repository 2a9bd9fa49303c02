/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0", "SESSION_MAX_AGE": "86400", "SESSION_ABSOLUTE_MAX_AGE": "604800"}} */
import { CookieJar, SESSION_COOKIE, getSession, rewriteSessionToken, sessionTokenOf, signedInUser } from "../../../helpers/auth";
import { rawCollection } from "../../../helpers/users";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("session lifetime: sliding while used, and absolute from sign-in", () => {
  it("records the authentication time in the token at sign-in and keeps it while the session slides", async () => {
    const before = Date.now();
    const { jar } = await signedInUser();
    const token = await sessionTokenOf(jar);
    expect(token?.authTime).toBeGreaterThanOrEqual(before - 1_000);
    expect(token?.authTime).toBeLessThanOrEqual(Date.now());
    await getSession(jar);
    expect((await sessionTokenOf(jar))?.authTime).toBe(token?.authTime);
  });

  it("ends a session SESSION_ABSOLUTE_MAX_AGE after sign-in, however active it was", async () => {
    const { jar } = await signedInUser();
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - 7 * DAY_MS - 1_000 }));
    expect(await getSession(jar)).toBeNull();
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("keeps a session that is within both limits", async () => {
    const { user, jar } = await signedInUser();
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - 6 * DAY_MS }));
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });

  // NextAuth's own expiry (the token's exp, renewed on each use); decoding allows 15 s of clock skew.
  it("ends a session that was idle longer than SESSION_MAX_AGE", async () => {
    const { jar } = await signedInUser();
    const stale = new CookieJar();
    const { encode } = await import("next-auth/jwt");
    const token = await sessionTokenOf(jar);
    stale.set(SESSION_COOKIE, await encode({ token: token!, secret: process.env.NEXTAUTH_SECRET!, maxAge: -60 }));
    expect(await getSession(stale)).toBeNull();
  });

  it("never lets the device session outlive the absolute limit", async () => {
    const { user, jar } = await signedInUser();
    await getSession(jar);
    const device = await (await rawCollection("sessions")).findOne({ userId: user._id });
    expect(device?.expires.getTime()).toBeLessThanOrEqual(device?.createdAt.getTime() + 7 * DAY_MS);
  });

  it("dates an older token without authentication time from its device session's creation", async () => {
    const { user, jar } = await signedInUser();
    await (await rawCollection("sessions")).updateOne({ userId: user._id }, { $set: { createdAt: new Date(Date.now() - 8 * DAY_MS) } });
    await rewriteSessionToken(jar, (token) => {
      const legacy = { ...token };
      delete legacy.authTime;
      return legacy;
    });
    expect(await getSession(jar)).toBeNull();
  });

});
