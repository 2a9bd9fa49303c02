import { generate } from "otplib";
import {
  acceptTotpCode,
  beginTotpSetup,
  checkSecondFactor,
  confirmTotpSetup,
  consumePendingSignIn,
  findPendingSignIn,
  issueRecoveryCodes,
  startPendingSignIn,
  twoFactorStateOf,
} from "@/lib/two-factor";
import { recoveryCodeSchema } from "@/lib/two-factor/shared";
import { createTestUser, rawCollection } from "../../helpers/users";

/**
 * The second factor's core rules against the real database, with the clock
 * held still (only Date is faked: the driver's timers run as usual), so a
 * code's time step is the test's choice, not the machine's.
 */
const context = { ip: "203.0.113.9", userAgent: "test" };
const T0 = Date.UTC(2026, 11, 6, 12, 0, 10);
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

beforeEach(() => {
  jest.useFakeTimers({ now: T0, doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"] });
});
afterEach(() => jest.useRealTimers());

async function userWithTotp() {
  const user = await createTestUser();
  const { secret, otpauthUrl } = await beginTotpSetup(user.id, user.email);
  expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/KeyForge:/);
  expect(await confirmTotpSetup(user.id, await codeAt(secret, T0))).toBe("confirmed");
  return { user, secret };
}

it("stores the secret sealed, and confirms a setup once", async () => {
  const { user, secret } = await userWithTotp();
  const stored = await (await rawCollection("twoFactors")).findOne({ _id: user._id });
  expect(JSON.stringify(stored)).not.toContain(secret);
  expect(await confirmTotpSetup(user.id, await codeAt(secret, T0))).toBe("confirmed-elsewhere");
  expect(await twoFactorStateOf(user.id)).toEqual({ totpEnabled: true, recoveryCodesLeft: 0 });
});

it("accepts a code once, and after it only a later step's", async () => {
  const { user, secret } = await userWithTotp();
  jest.setSystemTime(T0 + 30_000);
  // The confirmation used T0's step: its code is spent; the previous step's too (not later than it).
  expect(await acceptTotpCode(user.id, await codeAt(secret, T0))).toBe(false);
  const next = await codeAt(secret, T0 + 30_000);
  const results = await Promise.all([acceptTotpCode(user.id, next), acceptTotpCode(user.id, next), acceptTotpCode(user.id, next)]);
  expect(results.filter(Boolean)).toHaveLength(1);
  jest.setSystemTime(T0 + 90_000);
  expect(await acceptTotpCode(user.id, await codeAt(secret, T0 + 60_000))).toBe(true);
  expect(await acceptTotpCode(user.id, await codeAt(secret, T0 + 60_000))).toBe(false);
});

it("spends a recovery code once under concurrent use", async () => {
  const { user } = await userWithTotp();
  const codes = await issueRecoveryCodes(user.id);
  expect(codes).toHaveLength(10);
  const recoveryCode = recoveryCodeSchema.parse(codes[0]?.toUpperCase());
  const outcomes = await Promise.all(
    ["a", "b"].map(async (challenge) => checkSecondFactor(user.id, { recoveryCode }, { challenge, context })),
  );
  expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
  expect((await twoFactorStateOf(user.id)).recoveryCodesLeft).toBe(9);
});

it("checks at most five codes per challenge, however many arrive at once", async () => {
  const { user, secret } = await userWithTotp();
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => checkSecondFactor(user.id, { code: "000000" }, { challenge: "burst", context })));
  expect(outcomes.filter((outcome) => !outcome.ok && outcome.problem === "wrong").length).toBeLessThanOrEqual(5);
  for (let i = 0; i < 5; i++) await checkSecondFactor(user.id, { code: "000000" }, { challenge: "burst", context });
  jest.setSystemTime(T0 + 30_000);
  const right = await checkSecondFactor(user.id, { code: await codeAt(secret, T0 + 30_000) }, { challenge: "burst", context });
  expect(right).toMatchObject({ ok: false, problem: "used-up" });
});

it("locks the account's second step after ten wrong codes, for every challenge", async () => {
  const { user, secret } = await userWithTotp();
  for (let i = 0; i < 10; i++) await checkSecondFactor(user.id, { code: "000000" }, { challenge: `c${i % 2}`, context });
  jest.setSystemTime(T0 + 30_000);
  const right = await checkSecondFactor(user.id, { code: await codeAt(secret, T0 + 30_000) }, { challenge: "fresh", context });
  expect(right).toMatchObject({ ok: false, problem: "locked" });
});

it("consumes a pending sign-in once, and never after it expired", async () => {
  const user = await createTestUser();
  const { ticket } = await startPendingSignIn(user.id, "password");
  const pending = await findPendingSignIn(ticket);
  expect(pending).toMatchObject({ userId: user.id, method: "password" });
  if (!pending) return;
  expect((await Promise.all([consumePendingSignIn(pending), consumePendingSignIn(pending)])).filter(Boolean)).toHaveLength(1);
  const late = await startPendingSignIn(user.id, "github");
  jest.setSystemTime(T0 + 10 * 60_000 + 1);
  expect(await findPendingSignIn(late.ticket)).toBeNull();
});
