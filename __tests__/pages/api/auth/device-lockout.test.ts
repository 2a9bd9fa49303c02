/** @jest-environment-options {"env": {"SIGNIN_MAX_FAILURES_PER_EMAIL": "5", "SIGNIN_LOCKOUT_SECONDS": "600"}} */
import { keyedHash } from "@/lib/core/keyed-hash";
import { CookieJar, getSession, signIn } from "../../../helpers/auth";
import { createTestUser, usersCollection } from "../../../helpers/users";

/**
 * OWASP's "Slow Down Online Guessing Attacks with Device Cookies": a browser
 * that has signed in to an account before keeps its own failure budget, so an
 * attacker guessing from elsewhere cannot lock the owner out.
 */
const DEVICE_COOKIE = "keyforge.device";

async function failFromNewBrowsers(email: string, times: number) {
  for (let attempt = 0; attempt < times; attempt++) await signIn(new CookieJar(), { email, password: "guess-guess-guess" });
}

/** A browser that once signed in to `user`, now signed out: it holds only the device cookie. */
async function knownBrowserOf(user: { email: string; password: string }): Promise<CookieJar> {
  const jar = new CookieJar();
  expect((await signIn(jar, { email: user.email, password: user.password })).error).toBeNull();
  const deviceCookie = jar.get(DEVICE_COOKIE);
  expect(deviceCookie).toBeTruthy();
  const signedOut = new CookieJar();
  signedOut.set(DEVICE_COOKIE, deviceCookie!);
  return signedOut;
}

describe("lockout with device cookies", () => {
  it("lets the owner's known browser sign in during an attack, while the attacker stays locked", async () => {
    const victim = await createTestUser();
    const known = await knownBrowserOf(victim);

    await failFromNewBrowsers(victim.email, 6);
    // The attacker is locked out, even with the right password ...
    expect((await signIn(new CookieJar(), { email: victim.email, password: victim.password })).error).toBe("ACCOUNT_LOCKED");
    // ... the owner's known browser is not.
    expect((await signIn(known, { email: victim.email, password: victim.password })).error).toBeNull();
    // And the owner's success does not unlock the attacker.
    expect((await signIn(new CookieJar(), { email: victim.email, password: victim.password })).error).toBe("ACCOUNT_LOCKED");
  });

  it("gives a known browser its own budget: its failures lock only itself", async () => {
    const user = await createTestUser();
    const known = await knownBrowserOf(user);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn(known, { email: user.email, password: "typo-typo-typo" })).error).toBe("INVALID_CREDENTIALS");
    }
    expect((await signIn(known, { email: user.email, password: user.password })).error).toBe("ACCOUNT_LOCKED");
    // Unknown browsers still have their budget.
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeNull();
  });

  it("does not trust a device cookie issued for another account, or a tampered one", async () => {
    const victim = await createTestUser();
    const known = await knownBrowserOf(victim);
    const attacker = await createTestUser();
    const attackersBrowser = await knownBrowserOf(attacker);
    await failFromNewBrowsers(victim.email, 6);
    expect((await signIn(attackersBrowser, { email: victim.email, password: victim.password })).error).toBe("ACCOUNT_LOCKED");

    const tampered = new CookieJar();
    const value = known.get(DEVICE_COOKIE)!;
    tampered.set(DEVICE_COOKIE, `${value.slice(0, -2)}${value.endsWith("A") ? "B" : "A"}A`);
    expect((await signIn(tampered, { email: victim.email, password: victim.password })).error).toBe("ACCOUNT_LOCKED");
  });

  it("names its account, and is not trusted with another account's id put in", async () => {
    const victim = await createTestUser();
    const known = await knownBrowserOf(victim);
    const other = await createTestUser();
    const [nonce, tag, userId, signature] = known.get(DEVICE_COOKIE)!.split(".");
    expect(userId).toBe(victim.id);

    await failFromNewBrowsers(victim.email, 6);
    const swapped = new CookieJar();
    swapped.set(DEVICE_COOKIE, [nonce, tag, other.id, signature].join("."));
    expect((await signIn(swapped, { email: victim.email, password: victim.password })).error).toBe("ACCOUNT_LOCKED");
    expect((await signIn(known, { email: victim.email, password: victim.password })).error).toBeNull();
  });

  it("signs in the account that has the email now, when the one the cookie names has moved to another address", async () => {
    const first = await createTestUser();
    const known = await knownBrowserOf(first);
    await (await usersCollection()).updateOne({ email: first.email }, { $set: { email: `moved-${first.email}` } });
    const second = await createTestUser({ email: first.email, password: "another-Harbor-77-candle" });

    expect((await signIn(known, { email: first.email, password: first.password })).error).toBe("INVALID_CREDENTIALS");
    expect((await signIn(known, { email: second.email, password: second.password })).error).toBeNull();
    expect((await getSession(known))?.user.id).toBe(second.id);
  });

  it("still trusts a device cookie from before it named the account (`<nonce>.<tag>.<mac>`)", async () => {
    const user = await createTestUser();
    const mac = (data: string, bytes: number) => keyedHash("device cookie v1", data).subarray(0, bytes).toString("base64url");
    const payload = `${"n".repeat(22)}.${mac(`account:${user.email}`, 16)}`;
    const older = new CookieJar();
    older.set(DEVICE_COOKIE, `${payload}.${mac(`device:${payload}`, 32)}`);

    await failFromNewBrowsers(user.email, 6);
    expect((await signIn(older, { email: user.email, password: user.password })).error).toBeNull();
  });

  it("sets the device cookie httpOnly, SameSite=Lax, long-lived and without the email in it", async () => {
    const user = await createTestUser();
    const { nextAuth } = await import("../../../helpers/auth");
    const jar = new CookieJar();
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    const res = await nextAuth("callback/credentials", {
      method: "POST",
      jar,
      form: { email: user.email, password: user.password, csrfToken, json: "true" },
    });
    const line = res.headers.getSetCookie().find((cookie) => cookie.startsWith(`${DEVICE_COOKIE}=`));
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(Number(/Max-Age=(\d+)/i.exec(line ?? "")?.[1])).toBeGreaterThanOrEqual(90 * 24 * 3600);
    const value = decodeURIComponent(line!.split(";")[0]!.split("=")[1]!);
    expect(Buffer.from(value.split(".")[0] ?? "", "base64url").toString()).not.toContain(user.email);
    expect(value).not.toContain(user.email);
  });
});
