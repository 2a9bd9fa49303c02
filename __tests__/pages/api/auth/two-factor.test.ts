import { issueRecoveryCodes } from "@/lib/two-factor";
import { MAX_WRONG_CODES_PER_ACCOUNT, MAX_WRONG_CODES_PER_CHALLENGE, SECOND_STEP_LOCK_SECONDS } from "@/lib/two-factor/shared";
import { CookieJar, SESSION_COOKIE, getSession, nextAuth, signIn } from "../../../helpers/auth";
import { TICKET_COOKIE, enableTotp, secondStep, totpCodeAt } from "../../../helpers/two-factor";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * The second step of a password sign-in, through NextAuth's real endpoints:
 * POST /api/auth/callback/credentials, then /api/auth/callback/two-factor.
 * Only Date is faked, so a code's time step is the test's choice.
 */
const T0 = Date.UTC(2026, 11, 6, 12, 0, 10);

beforeEach(() => {
  jest.useFakeTimers({ now: T0, doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"] });
});
afterEach(() => jest.useRealTimers());

async function totpUser() {
  const user = await createTestUser();
  const secret = await enableTotp(user.id, user.email);
  return { user, secret };
}

/** The password step in a browser of its own: refused with TWO_FACTOR_REQUIRED, and the jar holds the ticket. */
async function passwordStep(user: { email: string; password: string }, jar = new CookieJar()) {
  const csrf = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
  const response = await nextAuth("callback/credentials", {
    method: "POST",
    jar,
    form: { email: user.email, password: user.password, csrfToken: csrf.csrfToken, callbackUrl: "http://localhost:3000/", json: "true" },
  });
  const { url } = response.body as { url: string };
  return { jar, response, error: new URL(url).searchParams.get("error") };
}

const sessionCookies = (lines: string[]) => lines.filter((line) => line.startsWith(SESSION_COOKIE));
const codes = (results: { error: string | null }[]) => results.map((result) => result.error);

describe("a password sign-in with two-step verification on", () => {
  it("gives a ticket and no session after the password, then a session after the code", async () => {
    const { user, secret } = await totpUser();
    const { jar, response, error } = await passwordStep(user);
    expect(response.status).toBe(401);
    expect(error).toBe("TWO_FACTOR_REQUIRED");
    const lines = response.headers.getSetCookie();
    expect(sessionCookies(lines)).toEqual([]);
    expect(lines.filter((line) => line.startsWith("keyforge.device"))).toEqual([]);
    const ticket = lines.find((line) => line.startsWith(`${TICKET_COOKIE}=`));
    expect(ticket).toMatch(/; Path=\/api\/auth(;|$)/);
    expect(ticket).toMatch(/; HttpOnly/i);
    expect(ticket).toMatch(/; SameSite=Lax/i);
    expect(await getSession(jar)).toBeNull();
    expect(await (await rawCollection("sessions")).countDocuments({ userId: user._id })).toBe(0);

    jest.setSystemTime(T0 + 30_000);
    const done = await secondStep(jar, { code: await totpCodeAt(secret, T0 + 30_000) });
    expect(done.error).toBeNull();
    expect(sessionCookies(done.setCookies)).toHaveLength(1);
    expect(done.setCookies.find((line) => line.startsWith(`${TICKET_COOKIE}=`))).toMatch(/Max-Age=0/);
    expect((await getSession(jar))?.user.id).toBe(user.id);
    const event = await (await rawCollection("authEvents")).findOne({ userId: user._id, type: "signin.succeeded" });
    expect(event).toMatchObject({ detail: { method: "password", factor: "totp" } });
  });

  it("refuses a replayed code, accepts the previous step's code once, and ends the ticket with its sign-in", async () => {
    const { user, secret } = await totpUser();
    jest.setSystemTime(T0 + 90_000);
    const previousStep = await totpCodeAt(secret, T0 + 60_000);
    const first = await passwordStep(user);
    expect((await secondStep(first.jar, { code: previousStep })).error).toBeNull();
    // The same ticket again (kept by a copy of the browser from before): used.
    const second = await passwordStep(user);
    const copy = second.jar.clone();
    expect((await secondStep(second.jar, { code: previousStep })).error).toBe("INVALID_TWO_FACTOR_CODE");
    const current = await totpCodeAt(secret, T0 + 90_000);
    expect((await secondStep(second.jar, { code: current })).error).toBeNull();
    expect((await secondStep(copy, { code: current })).error).toBe("TWO_FACTOR_EXPIRED");
    expect(sessionCookies((await secondStep(copy, { code: current })).setCookies)).toEqual([]);
  });

  it("takes at most 5 wrong codes for one ticket, even in a burst, and then the right one is too late", async () => {
    const { user, secret } = await totpUser();
    const { jar } = await passwordStep(user);
    const burst = await Promise.all(Array.from({ length: 8 }, () => secondStep(jar.clone(), { code: "000000" })));
    expect(codes(burst).filter((code) => code === "INVALID_TWO_FACTOR_CODE").length).toBeLessThanOrEqual(MAX_WRONG_CODES_PER_CHALLENGE - 1);
    expect(codes(burst).every((code) => code === "INVALID_TWO_FACTOR_CODE" || code === "TWO_FACTOR_EXPIRED")).toBe(true);
    const failed = await (await rawCollection("authEvents")).countDocuments({ userId: user._id, type: "two_factor.failed" });
    expect(failed).toBeLessThanOrEqual(MAX_WRONG_CODES_PER_CHALLENGE);
    jest.setSystemTime(T0 + 30_000);
    const late = await secondStep(jar, { code: await totpCodeAt(secret, T0 + 30_000) });
    expect(late.error).toBe("TWO_FACTOR_EXPIRED");
    expect(sessionCookies(late.setCookies)).toEqual([]);
  });

  it("locks the account's second step after 10 wrong codes across tickets, even in a burst", async () => {
    const { user, secret } = await totpUser();
    const browsers = await Promise.all([passwordStep(user), passwordStep(user), passwordStep(user)]);
    const burst = await Promise.all(browsers.flatMap(({ jar }) => Array.from({ length: 5 }, () => secondStep(jar, { code: "000000" }))));
    expect(burst.every((result) => result.error !== null)).toBe(true);
    const failed = await (await rawCollection("authEvents")).countDocuments({ userId: user._id, type: "two_factor.failed" });
    expect(failed).toBeLessThanOrEqual(MAX_WRONG_CODES_PER_ACCOUNT);

    jest.setSystemTime(T0 + 30_000);
    const locked = await passwordStep(user);
    const refused = await secondStep(locked.jar, { code: await totpCodeAt(secret, T0 + 30_000) });
    expect(refused.error).toBe("TWO_FACTOR_LOCKED");
    expect(sessionCookies(refused.setCookies)).toEqual([]);

    jest.setSystemTime(T0 + (SECOND_STEP_LOCK_SECONDS + 60) * 1000);
    const later = await passwordStep(user);
    expect((await secondStep(later.jar, { code: await totpCodeAt(secret, Date.now()) })).error).toBeNull();
  });

  it("spends a recovery code once when two browsers use it at the same time", async () => {
    const { user } = await totpUser();
    const [recoveryCode = ""] = await issueRecoveryCodes(user.id);
    const [a, b] = await Promise.all([passwordStep(user), passwordStep(user)]);
    const typed = recoveryCode.toUpperCase();
    const results = await Promise.all([secondStep(a.jar, { recoveryCode: typed }), secondStep(b.jar, { recoveryCode: typed })]);
    expect(codes(results).sort()).toEqual(["INVALID_RECOVERY_CODE", null]);
    const event = await (await rawCollection("authEvents")).findOne({ userId: user._id, type: "signin.succeeded" });
    expect(event).toMatchObject({ detail: { method: "password", factor: "recovery-code" } });
  });

  it("signs in once when one ticket is finished twice at the same time", async () => {
    const { user, secret } = await totpUser();
    const [recoveryCode = ""] = await issueRecoveryCodes(user.id);
    const { jar } = await passwordStep(user);
    jest.setSystemTime(T0 + 30_000);
    const results = await Promise.all([
      secondStep(jar.clone(), { code: await totpCodeAt(secret, T0 + 30_000) }),
      secondStep(jar.clone(), { recoveryCode }),
    ]);
    expect(results.filter((result) => sessionCookies(result.setCookies).length > 0)).toHaveLength(1);
    expect(await (await rawCollection("sessions")).countDocuments({ userId: user._id })).toBe(1);
  });

  it("refuses a ticket after its 10 minutes", async () => {
    const { user, secret } = await totpUser();
    const { jar } = await passwordStep(user);
    const ticket = jar.get(TICKET_COOKIE) ?? "";
    jest.setSystemTime(T0 + 10 * 60_000 + 1_000);
    // The browser would drop the cookie; one that keeps it gets no further.
    jar.set(TICKET_COOKIE, ticket);
    const late = await secondStep(jar, { code: await totpCodeAt(secret, Date.now()) });
    expect(late.error).toBe("TWO_FACTOR_EXPIRED");
    expect(sessionCookies(late.setCookies)).toEqual([]);
  });

  it("refuses a browser without the ticket, and a ticket of one account with another's code", async () => {
    const { user, secret } = await totpUser();
    const other = await totpUser();
    await passwordStep(user);
    jest.setSystemTime(T0 + 30_000);
    const elsewhere = await secondStep(new CookieJar(), { code: await totpCodeAt(secret, T0 + 30_000) });
    expect(elsewhere.error).toBe("TWO_FACTOR_EXPIRED");
    // The other account's ticket: the code is checked against the ticket's account, never the code's.
    const { jar } = await passwordStep(other.user);
    const crossed = await secondStep(jar, { code: await totpCodeAt(secret, T0 + 30_000) });
    expect(crossed.error).toBe("INVALID_TWO_FACTOR_CODE");
    expect(await getSession(jar)).toBeNull();
  });

  it("refuses the second step of an account disabled after its password step", async () => {
    const { user, secret } = await totpUser();
    const { jar } = await passwordStep(user);
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });
    jest.setSystemTime(T0 + 30_000);
    const refused = await secondStep(jar, { code: await totpCodeAt(secret, T0 + 30_000) });
    expect(refused.error).toBe("ACCOUNT_DISABLED");
    expect(sessionCookies(refused.setCookies)).toEqual([]);
  });

  it("takes a malformed code as wrong without spending an attempt, and answers 405 to a GET", async () => {
    const { user } = await totpUser();
    const { jar } = await passwordStep(user);
    for (const code of ["12345", "abcdef", ""]) expect((await secondStep(jar, { code })).error).toBe("INVALID_TWO_FACTOR_CODE");
    expect((await secondStep(jar, { recoveryCode: "not-a-code" })).error).toBe("INVALID_RECOVERY_CODE");
    expect(await (await rawCollection("authEvents")).countDocuments({ userId: user._id, type: "two_factor.failed" })).toBe(0);
    const get = await nextAuth("callback/two-factor");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("signs an account without a second step straight in, as before", async () => {
    const user = await createTestUser();
    const result = await signIn(new CookieJar(), { email: user.email, password: user.password });
    expect(result.error).toBeNull();
  });
});
