/** @jest-environment-options {"env": {"SIGNIN_MAX_PER_IP_PER_MINUTE": "3", "SIGNUP_MAX_PER_IP_PER_HOUR": "2"}} */
import { CookieJar, signIn, signUp } from "../../../helpers/auth";
import { GOOD_PASSWORD, usersCollection } from "../../../helpers/users";

describe("per-IP limits (client IP from the socket; X-Forwarded-For is not trusted by default)", () => {
  it("refuses sign-ins past the per-minute limit, whatever X-Forwarded-For claims", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await signIn(new CookieJar(), { email: `probe${attempt}@example.com`, password: "whatever-1" });
      expect(result.error).toBe("INVALID_CREDENTIALS");
    }
    expect((await signIn(new CookieJar(), { email: "probe9@example.com", password: "whatever-1" })).error).toBe("TOO_MANY_ATTEMPTS");
    const forged = await signIn(new CookieJar(), { email: "probe9@example.com", password: "whatever-1" }, { "x-forwarded-for": "203.0.113.7" });
    expect(forged.error).toBe("TOO_MANY_ATTEMPTS");
  });

  it("refuses sign-ups past the per-hour limit with 429 and Retry-After, and creates nothing", async () => {
    for (const n of [1, 2]) {
      expect((await signUp({ name: "N", email: `n${n}@example.com`, password: GOOD_PASSWORD })).status).toBe(201);
    }
    const refused = await signUp({ name: "N", email: "n3@example.com", password: GOOD_PASSWORD }, { "x-forwarded-for": "198.51.100.1" });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "RATE_LIMITED" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await (await usersCollection()).countDocuments({ email: "n3@example.com" })).toBe(0);
  });
});
