/** @jest-environment-options {"env": {"SIGNIN_MAX_FAILURES_PER_EMAIL": "5", "SIGNIN_LOCKOUT_SECONDS": "600"}} */
import { CookieJar, getSession, signIn } from "../../../helpers/auth";
import { createTestUser, rawCollection } from "../../../helpers/users";

/**
 * The window is 10 minutes, so every attempt of a test falls inside it
 * however slow the machine; a test that needs it over moves the attempts'
 * expiry into the past instead of waiting.
 */
async function windowPassed(key: string): Promise<void> {
  await (await rawCollection("rateLimits")).updateMany({ key }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
}

describe("per-email lockout after repeated failed sign-ins", () => {
  it("refuses the right password after 5 failures, until the window passes", async () => {
    const user = await createTestUser();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn(new CookieJar(), { email: user.email, password: "wrong-password" })).error).toBe("INVALID_CREDENTIALS");
    }
    const locked = await signIn(new CookieJar(), { email: user.email, password: user.password });
    expect(locked.error).toBe("ACCOUNT_LOCKED");

    // The lock lives in MongoDB, so every app instance sees it.
    expect(await (await rawCollection("rateLimits")).countDocuments({ key: `signin:email:${user.email}` })).toBe(5);

    await windowPassed(`signin:email:${user.email}`);
    const jar = new CookieJar();
    expect((await signIn(jar, { email: user.email, password: user.password })).error).toBeNull();
    expect((await getSession(jar))?.user.email).toBe(user.email);
  });

  it("locks per email: another account is unaffected", async () => {
    const victim = await createTestUser();
    const other = await createTestUser();
    for (let attempt = 0; attempt < 6; attempt++) await signIn(new CookieJar(), { email: victim.email, password: "nope-nope" });
    // The victim is locked (even the right password is refused) ...
    expect((await signIn(new CookieJar(), { email: victim.email, password: victim.password })).error).toBe("ACCOUNT_LOCKED");
    // ... and the other account, from the same client, signs in.
    expect((await signIn(new CookieJar(), { email: other.email, password: other.password })).error).toBeNull();
  });

  it("counts attempts before checking the password: a parallel burst gets no more than 5 checks per window", async () => {
    const user = await createTestUser();
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => signIn(new CookieJar(), { email: user.email, password: "wrong-password" })),
    );
    const checkedInBurst = burst.filter((result) => result.error === "INVALID_CREDENTIALS").length;
    expect(checkedInBurst).toBeLessThanOrEqual(5);
    expect(burst.every((result) => ["INVALID_CREDENTIALS", "ACCOUNT_LOCKED"].includes(result.error ?? ""))).toBe(true);

    // However the ten interleaved, the window holds exactly 5 checked passwords
    // in all: the burst's, then as many sequential ones as remain.
    let checkedAfter = 0;
    while ((await signIn(new CookieJar(), { email: user.email, password: "wrong-password" })).error === "INVALID_CREDENTIALS") {
      checkedAfter += 1;
      expect(checkedAfter).toBeLessThanOrEqual(5);
    }
    expect(checkedInBurst + checkedAfter).toBe(5);
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBe("ACCOUNT_LOCKED");
  });

  it("locks unknown emails the same way, so the lock reveals nothing about which accounts exist", async () => {
    for (let attempt = 0; attempt < 5; attempt++) await signIn(new CookieJar(), { email: "ghost@example.com", password: "x-x-x-x-x" });
    expect((await signIn(new CookieJar(), { email: "ghost@example.com", password: "x-x-x-x-x" })).error).toBe("ACCOUNT_LOCKED");
  });

  it("clears the failures after a successful sign-in", async () => {
    const user = await createTestUser();
    for (let attempt = 0; attempt < 4; attempt++) await signIn(new CookieJar(), { email: user.email, password: "wrong-password" });
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeNull();
    for (let attempt = 0; attempt < 4; attempt++) await signIn(new CookieJar(), { email: user.email, password: "wrong-password" });
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeNull();
  });

  it("leaves the whole budget to later attempts after a successful sign-in: it counted only while checked", async () => {
    const user = await createTestUser();
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeNull();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn(new CookieJar(), { email: user.email, password: "wrong-password" })).error).toBe("INVALID_CREDENTIALS");
    }
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBe("ACCOUNT_LOCKED");
  });
});
