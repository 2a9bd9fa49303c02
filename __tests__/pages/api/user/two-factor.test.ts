/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import { ObjectId } from "mongodb";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import * as overviewRoute from "@/pages/api/user/two-factor";
import { APP_ORIGIN, CookieJar, rewriteSessionToken, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { T0, adminViewingAs, totpCodeAt, holdClockAt, signedInWithTwoFactor, twoFactorApi } from "../../../helpers/two-factor";
import { rawCollection } from "../../../helpers/users";

/** Turning two-step verification on from Settings, through the real routes and the real database. */
const mailServer = smtpServerForThisFile();
const ELEVEN_MINUTES = 11 * 60 * 1000;

beforeEach(() => holdClockAt(T0));
afterEach(() => jest.useRealTimers());

async function auditTypes(userId: string): Promise<string[]> {
  await flushAuthEvents();
  const events = await (await rawCollection("authEvents")).find({ userId: new ObjectId(userId) }).toArray();
  return events.map((event) => String(event.type));
}

describe("GET /api/user/two-factor", () => {
  it("answers off, no codes and no passkeys for a new account; on with 10 codes after setup", async () => {
    const { jar } = await signedInUser();
    const before = await twoFactorApi.overview(jar);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ totp: { enabled: false }, recoveryCodesLeft: 0, passkeys: [] });

    const { jar: withTwoFactor, secret } = await signedInWithTwoFactor();
    const after = await twoFactorApi.overview(withTwoFactor);
    expect(after.body).toEqual({ totp: { enabled: true }, recoveryCodesLeft: 10, passkeys: [] });
    expect(JSON.stringify(after.body)).not.toContain(secret);
  });

  it("answers 401 signed out and 405 for another method", async () => {
    expect((await twoFactorApi.overview(new CookieJar())).status).toBe(401);
    const { jar } = await signedInUser();
    const wrongMethod = await callRoute(overviewRoute, { method: "PUT", jar, headers: { origin: APP_ORIGIN } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });
});

describe("POST /api/user/two-factor/totp and /totp/confirm", () => {
  it("sets up a pending secret labelled with the email, and turns it on with a code: 10 recovery codes, audited and mailed", async () => {
    const { user, jar } = await signedInUser();
    const setup = await twoFactorApi.setup(jar);
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(setup.body.otpauthUrl).toContain(`otpauth://totp/KeyForge:${encodeURIComponent(user.email)}`);
    expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
    // Pending is not on: the next sign-in would not ask for a code yet.
    expect((await twoFactorApi.overview(jar)).body.totp.enabled).toBe(false);

    const confirmed = await twoFactorApi.confirm(jar, { code: await totpCodeAt(setup.body.secret) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    for (const code of confirmed.body.recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(JSON.stringify(confirmed.body)).not.toContain(setup.body.secret);

    expect(await auditTypes(user.id)).toContain("two_factor.enabled");
    await emailWorkSettled();
    expect(mailServer.current().mailsTo(user.email).map((mail) => mail.subject)).toContainEqual(expect.stringMatching(/^Two-step verification is on/));
  });

  it("stores nothing secret: the secret sealed, the recovery codes only as hashes", async () => {
    const { user, secret, recoveryCodes } = await signedInWithTwoFactor();
    const stored = JSON.stringify([
      await (await rawCollection("twoFactors")).find({ _id: new ObjectId(user.id) }).toArray(),
      await (await rawCollection("recoveryCodes")).find({ userId: new ObjectId(user.id) }).toArray(),
    ]);
    expect(stored).not.toContain(secret);
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll("-", ""));
    }
  });

  it("refuses a wrong code with 400 INVALID_TWO_FACTOR_CODE on `code`, and a malformed one with 400", async () => {
    const { jar } = await signedInUser();
    const { body } = await twoFactorApi.setup(jar);
    const right = await totpCodeAt(body.secret);
    const wrong = right === "000000" ? "111111" : "000000";
    const refused = await twoFactorApi.confirm(jar, { code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe("INVALID_TWO_FACTOR_CODE");
    expect(refused.body.error?.fields?.code?.[0]).toMatch(/did not work/);
    expect((await twoFactorApi.confirm(jar, { code: "12ab56" })).status).toBe(400);
    expect((await twoFactorApi.confirm(jar, { code: { $ne: "" } })).status).toBe(400);
    expect((await twoFactorApi.overview(jar)).body.totp.enabled).toBe(false);
  });

  it("limits wrong setup codes: after 10, even the right one waits (429)", async () => {
    const { jar } = await signedInUser();
    const { body } = await twoFactorApi.setup(jar);
    const right = await totpCodeAt(body.secret);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 10; attempt++) expect((await twoFactorApi.confirm(jar, { code: wrong })).status).toBe(400);
    const waiting = await twoFactorApi.confirm(jar, { code: right });
    expect(waiting.status).toBe(429);
    expect(waiting.body.error?.code).toBe("TWO_FACTOR_LOCKED");
    expect(Number(waiting.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("gives one set of recovery codes to concurrent confirmations; the others find it on (409)", async () => {
    const { user, jar } = await signedInUser();
    const { body } = await twoFactorApi.setup(jar);
    const code = await totpCodeAt(body.secret);
    const answers = await Promise.all(Array.from({ length: 4 }, () => twoFactorApi.confirm(jar, { code })));
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    for (const answer of answers.filter((answer) => answer.status !== 200)) expect(answer.body.error?.code).toBe("TWO_FACTOR_ALREADY_ENABLED");
    expect(await (await rawCollection("recoveryCodes")).countDocuments({ userId: new ObjectId(user.id) })).toBe(10);
  });

  it("answers 409 to a setup when it is already on, and to a code when no setup was started", async () => {
    const { jar } = await signedInWithTwoFactor();
    expect((await twoFactorApi.setup(jar)).body.error?.code).toBe("TWO_FACTOR_ALREADY_ENABLED");
    const { jar: fresh } = await signedInUser();
    const nothingPending = await twoFactorApi.confirm(fresh, { code: "123456" });
    expect(nothingPending.status).toBe(409);
    expect(nothingPending.body.error?.code).toBe("TWO_FACTOR_SETUP_NOT_STARTED");
  });

  it("needs a recent sign-in to set up (403 REAUTH_REQUIRED)", async () => {
    const { jar } = await signedInUser();
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - ELEVEN_MINUTES }));
    const refused = await twoFactorApi.setup(jar);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe("REAUTH_REQUIRED");
    expect(refused.body).not.toHaveProperty("secret");
  });

  it("answers 401 signed out, 403 cross-site", async () => {
    expect((await twoFactorApi.setup(new CookieJar())).status).toBe(401);
    expect((await twoFactorApi.confirm(new CookieJar(), { code: "123456" })).status).toBe(401);
    const { jar } = await signedInUser();
    expect((await twoFactorApi.setup(jar, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await twoFactorApi.confirm(jar, { code: "123456" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("lets an admin viewing as the user read whether it is on, and change nothing", async () => {
    const { user } = await signedInWithTwoFactor();
    const viewing = await adminViewingAs(user.id);
    expect((await twoFactorApi.overview(viewing)).body.totp.enabled).toBe(true);
    expect((await twoFactorApi.setup(viewing)).status).toBe(403);
    expect((await twoFactorApi.confirm(viewing, { code: "123456" })).status).toBe(403);
    expect((await twoFactorApi.regenerate(viewing)).status).toBe(403);
    expect((await twoFactorApi.disable(viewing, { code: "123456" })).status).toBe(403);
    expect((await twoFactorApi.overview(viewing)).body).toMatchObject({ totp: { enabled: true }, recoveryCodesLeft: 10 });
  });
});
