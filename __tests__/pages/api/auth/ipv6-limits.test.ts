/** @jest-environment-options {"env": {"SIGNIN_MAX_PER_IP_PER_MINUTE": "3", "TRUST_PROXY": "true"}} */
import { CookieJar, signIn } from "../../../helpers/auth";

const attempt = (ip: string, n: number) =>
  signIn(new CookieJar(), { email: `probe-${n}@example.com`, password: "whatever-1" }, { "x-forwarded-for": ip });

describe("per-IP sign-in limits for IPv6 clients", () => {
  it("counts a whole /64 as one client, since one host usually owns it", async () => {
    const sameNetwork = ["2001:db8:aa:1::1", "2001:db8:aa:1::2", "2001:db8:aa:1:ffff:ffff:ffff:fffe"];
    for (const [n, ip] of sameNetwork.entries()) expect((await attempt(ip, n)).error).toBe("INVALID_CREDENTIALS");
    expect((await attempt("2001:0db8:00aa:0001:1234::9", 9)).error).toBe("TOO_MANY_ATTEMPTS");
    // The next /64 is another client.
    expect((await attempt("2001:db8:aa:2::1", 10)).error).toBe("INVALID_CREDENTIALS");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4 address", async () => {
    for (let n = 0; n < 3; n++) await attempt("198.51.100.7", 20 + n);
    expect((await attempt("::ffff:198.51.100.7", 30)).error).toBe("TOO_MANY_ATTEMPTS");
  });
});
