/** @jest-environment-options {"env": {"SIGNIN_MAX_FAILURES_PER_EMAIL": "5", "SIGNIN_LOCKOUT_SECONDS": "600"}} */
import { CookieJar, signIn } from "../../../helpers/auth";
import { createTestUser } from "../../../helpers/users";

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
