/** @jest-environment-options {"env": {"NEXTAUTH_URL": ""}} */
import { assertSameOrigin } from "@/lib/http/same-origin";

/** Without NEXTAUTH_URL the scheme is unknown (TLS may end at a proxy): the host decides. */
describe("assertSameOrigin without NEXTAUTH_URL", () => {
  const request = (headers: Record<string, string>) => ({ headers: { host: "app.example.com", ...headers } });

  it("accepts the request's own host on http or https, and requests without browser headers", () => {
    expect(() => assertSameOrigin(request({ origin: "https://app.example.com" }))).not.toThrow();
    expect(() => assertSameOrigin(request({ origin: "http://app.example.com" }))).not.toThrow();
    expect(() => assertSameOrigin(request({ "sec-fetch-site": "same-origin" }))).not.toThrow();
    expect(() => assertSameOrigin(request({}))).not.toThrow();
  });

  it("refuses another host, a sibling subdomain, a malformed or null origin", () => {
    for (const origin of ["https://evil.example", "https://other.app.example.com", "not a url", "null"]) {
      expect(() => assertSameOrigin(request({ origin }))).toThrow("Cross-site requests are not allowed");
    }
    expect(() => assertSameOrigin(request({ "sec-fetch-site": "same-site" }))).toThrow();
    expect(() => assertSameOrigin(request({ "sec-fetch-site": "cross-site" }))).toThrow();
  });
});
