/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import { ObjectId } from "mongodb";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import * as recoveryCodesRoute from "@/pages/api/user/two-factor/recovery-codes";
import { APP_ORIGIN, CookieJar, rewriteSessionToken, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { T0, totpCodeAt, holdClockAt, signedInWithTwoFactor, twoFactorApi } from "../../../helpers/two-factor";
import { rawCollection } from "../../../helpers/users";

/** Turning two-step verification off, and new recovery codes, through the real routes. */
const mailServer = smtpServerForThisFile();
const ELEVEN_MINUTES = 11 * 60 * 1000;
const NEXT_STEP = T0 + 30_000;

beforeEach(() => holdClockAt(T0));
afterEach(() => jest.useRealTimers());

async function auditTypes(userId: string): Promise<string[]> {
  await flushAuthEvents();
  const events = await (await rawCollection("authEvents")).find({ userId: new ObjectId(userId) }).toArray();
  return events.map((event) => String(event.type));
}

async function storedFor(userId: string) {
  const _id = new ObjectId(userId);
  return {
    secrets: await (await rawCollection("twoFactors")).countDocuments({ _id }),
    codes: await (await rawCollection("recoveryCodes")).countDocuments({ userId: _id }),
  };
}

describe("DELETE /api/user/two-factor/totp", () => {
  it("turns it off with a current code: 204, secret and codes gone, audited and mailed", async () => {
    const { user, jar, secret } = await signedInWithTwoFactor();
    jest.setSystemTime(NEXT_STEP);
    const off = await twoFactorApi.disable(jar, { code: await totpCodeAt(secret) });
    expect(off.status).toBe(204);
    expect(await storedFor(user.id)).toEqual({ secrets: 0, codes: 0 });
    expect((await twoFactorApi.overview(jar)).body).toEqual({ totp: { enabled: false }, recoveryCodesLeft: 0, passkeys: [] });
    expect(await auditTypes(user.id)).toContain("two_factor.disabled");
    await emailWorkSettled();
    expect(mailServer.current().mailsTo(user.email).map((mail) => mail.subject)).toContainEqual(expect.stringMatching(/^Two-step verification was turned off/));
  });

  it("turns it off with the password", async () => {
    const { user, jar } = await signedInWithTwoFactor();
    expect((await twoFactorApi.disable(jar, { currentPassword: user.password })).status).toBe(204);
    expect(await storedFor(user.id)).toEqual({ secrets: 0, codes: 0 });
  });

  it("refuses the code already used to turn it on (replay), a wrong code and a wrong password, and stays on", async () => {
    const { user, jar, secret } = await signedInWithTwoFactor();
    const replayed = await twoFactorApi.disable(jar, { code: await totpCodeAt(secret) });
    expect(replayed.status).toBe(400);
    expect(replayed.body.error?.code).toBe("INVALID_TWO_FACTOR_CODE");
    const wrongPassword = await twoFactorApi.disable(jar, { currentPassword: "not-it-at-all" });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.error?.code).toBe("WRONG_PASSWORD");
    expect(await storedFor(user.id)).toEqual({ secrets: 1, codes: 10 });
    expect(await auditTypes(user.id)).toContain("two_factor.failed");
  });

  it("counts wrong codes like a sign-in's second step: at most 5, then even the right code is refused", async () => {
    const { jar, secret } = await signedInWithTwoFactor();
    jest.setSystemTime(NEXT_STEP);
    const right = await totpCodeAt(secret);
    const wrong = right === "000000" ? "111111" : "000000";
    const answers = await Promise.all(Array.from({ length: 7 }, () => twoFactorApi.disable(jar, { code: wrong })));
    // A concurrent burst gets no more than the budget (attempts at the same moment may refuse each other).
    const wrongs = answers.filter((answer) => answer.status === 400).length;
    expect(wrongs).toBeLessThanOrEqual(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(7 - wrongs);
    for (let attempt = wrongs; attempt < 5; attempt++) await twoFactorApi.disable(jar, { code: wrong });
    const refused = await twoFactorApi.disable(jar, { code: right });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe("TWO_FACTOR_LOCKED");
  });

  it("needs exactly one of a code and the password (400), answers 409 when it is off", async () => {
    const { user, jar } = await signedInWithTwoFactor();
    expect((await twoFactorApi.disable(jar, {})).status).toBe(400);
    expect((await twoFactorApi.disable(jar, { code: "123456", currentPassword: user.password })).status).toBe(400);
    expect((await twoFactorApi.disable(jar, { code: { $gt: "" } })).status).toBe(400);
    const { jar: off } = await signedInUser();
    const notOn = await twoFactorApi.disable(off, { code: "123456" });
    expect(notOn.status).toBe(409);
    expect(notOn.body.error?.code).toBe("TWO_FACTOR_NOT_ENABLED");
  });

  it("answers 401 signed out, 403 cross-site", async () => {
    expect((await twoFactorApi.disable(new CookieJar(), { code: "123456" })).status).toBe(401);
    const { jar } = await signedInWithTwoFactor();
    expect((await twoFactorApi.disable(jar, { code: "123456" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
  });
});

describe("POST /api/user/two-factor/recovery-codes", () => {
  it("replaces the set: the new 10 are shown once, the old ones are gone, audited", async () => {
    const { user, jar, recoveryCodes } = await signedInWithTwoFactor();
    const fresh = await twoFactorApi.regenerate(jar);
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expect(fresh.body.recoveryCodes.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    expect(await storedFor(user.id)).toEqual({ secrets: 1, codes: 10 });
    expect(await auditTypes(user.id)).toContain("two_factor.recovery_codes_regenerated");
  });

  it("needs a recent sign-in (403 REAUTH_REQUIRED) and two-step verification on (409)", async () => {
    const { jar } = await signedInWithTwoFactor();
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - ELEVEN_MINUTES }));
    const stale = await twoFactorApi.regenerate(jar);
    expect(stale.status).toBe(403);
    expect(stale.body.error?.code).toBe("REAUTH_REQUIRED");
    const { jar: off } = await signedInUser();
    expect((await twoFactorApi.regenerate(off)).body.error?.code).toBe("TWO_FACTOR_NOT_ENABLED");
  });

  it("answers 401 signed out, 403 cross-site, 405 with Allow for GET", async () => {
    expect((await twoFactorApi.regenerate(new CookieJar())).status).toBe(401);
    const { jar } = await signedInWithTwoFactor();
    expect((await twoFactorApi.regenerate(jar, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    const get = await callRoute(recoveryCodesRoute, { method: "GET", jar, headers: { origin: APP_ORIGIN } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});
