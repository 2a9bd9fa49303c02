/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as passwordRoute from "@/pages/api/user/password";
import * as reauthRoute from "@/pages/api/user/reauth";
import { APP_ORIGIN, CookieJar, jarForUser, rewriteSessionToken, sessionTokenOf, signIn, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { enableTotp, totpCodeAt } from "../../../helpers/two-factor";
import { createTestUser, usersCollection } from "../../../helpers/users";

/**
 * Re-authentication with the authenticator app: `POST /api/user/reauth
 * { code }` through Next's request handling, with the clock held still (only
 * Date is faked) so each code's time step is the test's choice.
 */
const ORIGIN = { origin: APP_ORIGIN };
const ELEVEN_MINUTES = 11 * 60 * 1000;
const STEP = 30_000;
/** Ten seconds into a time step just ahead of the real clock (the stores' expiry indexes see a sane time). */
const T0 = Math.ceil(Date.now() / STEP) * STEP + 10_000;
const codeAt = totpCodeAt;

type ErrorAnswer = { error?: { code: string; message: string; fields?: Record<string, string[]> } };

beforeEach(() => {
  jest.useFakeTimers({ now: T0, doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"] });
});
afterEach(() => jest.useRealTimers());

function reauth(jar: CookieJar, json: unknown) {
  return callRoute<ErrorAnswer>(reauthRoute, { method: "POST", jar, json, headers: ORIGIN });
}

function stale(jar: CookieJar) {
  return rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - ELEVEN_MINUTES }));
}

/**
 * A password user signed in, in `browsers` browsers, before the app was
 * turned on (so no second step was asked), each sign-in 11 minutes old.
 */
async function staleUserWithTotp(browsers = 1) {
  const { user, jar } = await signedInUser();
  const others: CookieJar[] = [];
  for (let i = 1; i < browsers; i++) {
    const other = new CookieJar();
    await signIn(other, { email: user.email, password: user.password });
    others.push(other);
  }
  const secret = await enableTotp(user.id, user.email);
  for (const browser of [jar, ...others]) await stale(browser);
  return { user, jar, others, secret };
}

describe("POST /api/user/reauth with a code from the authenticator app", () => {
  it("renews the authentication time, after which a sensitive action goes through", async () => {
    // An account without a password: setting its first one needs a recent sign-in.
    const { insertedId } = await (await usersCollection()).insertOne({ name: "O", email: `o-code-${T0}@example.com` });
    const jar = await jarForUser(insertedId.toString());
    const secret = await enableTotp(insertedId.toString(), "o");
    await stale(jar);
    const setPassword = () => callRoute<ErrorAnswer>(passwordRoute, { method: "POST", jar, json: { newPassword: "Quiet-Orchard-2026-river" }, headers: ORIGIN });
    expect((await setPassword()).body.error?.code).toBe("REAUTH_REQUIRED");

    jest.setSystemTime(T0 + STEP);
    expect((await reauth(jar, { code: await codeAt(secret, T0 + STEP) })).status).toBe(204);
    expect((await sessionTokenOf(jar))?.authTime).toBe(T0 + STEP);
    expect((await setPassword()).status).toBeLessThan(300);
  });

  it("refuses a wrong code with 400 and the tries left, keeping the old authentication time", async () => {
    const { jar } = await staleUserWithTotp();
    const authTime = (await sessionTokenOf(jar))?.authTime;
    const res = await reauth(jar, { code: "000000" });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("INVALID_TWO_FACTOR_CODE");
    expect(res.body.error?.fields?.code?.[0]).toMatch(/4 tries left/);
    expect((await sessionTokenOf(jar))?.authTime).toBe(authTime);
  });

  it("accepts a code once: the same code again is refused", async () => {
    const { jar, secret } = await staleUserWithTotp();
    jest.setSystemTime(T0 + STEP);
    const code = await codeAt(secret, T0 + STEP);
    expect((await reauth(jar, { code })).status).toBe(204);
    await stale(jar);
    const replay = await reauth(jar, { code });
    expect(replay.status).toBe(400);
    expect(replay.body.error?.code).toBe("INVALID_TWO_FACTOR_CODE");
  });

  it("stops a device after 5 wrong codes, and the account after 10, even for the right code", async () => {
    const { jar, others, secret } = await staleUserWithTotp(3);
    const [other, third] = others;
    if (!other || !third) throw new Error("staleUserWithTotp(3) signs in three browsers");
    for (let i = 0; i < 5; i++) expect((await reauth(jar, { code: "000000" })).status).toBe(400);
    jest.setSystemTime(T0 + STEP);
    const usedUp = await reauth(jar, { code: await codeAt(secret, T0 + STEP) });
    expect(usedUp.status).toBe(429);
    expect(usedUp.body.error?.code).toBe("TWO_FACTOR_LOCKED");
    expect(Number(usedUp.headers.get("retry-after"))).toBeGreaterThan(0);

    // A second browser of the same account: 5 more wrong codes make 10, which locks the account's second step.
    for (let i = 0; i < 4; i++) expect((await reauth(other, { code: "111111" })).status).toBe(400);
    const tenth = await reauth(other, { code: "111111" });
    expect(tenth.status).toBe(429);
    expect(tenth.body.error?.code).toBe("TWO_FACTOR_LOCKED");
    jest.setSystemTime(T0 + 2 * STEP);
    const locked = await reauth(third, { code: await codeAt(secret, T0 + 2 * STEP) });
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe("TWO_FACTOR_LOCKED");
  });

  it("refuses a code for an account without an authenticator app, spending nothing", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    const res = await reauth(jar, { code: "123456" });
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("TWO_FACTOR_NOT_ENABLED");
  });

  it("refuses a body with two proofs or a malformed code", async () => {
    const { user, jar } = await staleUserWithTotp();
    expect((await reauth(jar, { password: user.password, code: "123456" })).status).toBe(400);
    expect((await reauth(jar, { code: "12345" })).status).toBe(400);
    expect((await reauth(jar, { code: { $ne: "" } })).status).toBe(400);
  });

  it("refuses an admin viewing as the user, whatever the proof", async () => {
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    const { user, secret } = await staleUserWithTotp();
    const started = await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: ORIGIN });
    expect(started.status).toBe(200);
    jest.setSystemTime(T0 + STEP);
    const res = await reauth(adminJar, { code: await codeAt(secret, T0 + STEP) });
    expect(res.status).toBe(403);
    expect((await reauth(adminJar, { password: user.password })).status).toBe(403);
  });
});
