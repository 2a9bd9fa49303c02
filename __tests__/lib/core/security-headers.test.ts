import {
  API_CONTENT_SECURITY_POLICY,
  createNonce,
  isServedOverHttps,
  nonceFromHeaders,
  pageContentSecurityPolicy,
  securityHeadersFor,
} from "@/lib/core/security-headers";

/** The policy builder: what a browser is told to allow, in production, in development and over https. */

const nonce = "q7Vd0a2s3TmWzyl1Xo0bUQ==";

/** `a b; c d` → { a: "b", c: "d" } */
function directives(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy.split("; ").map((directive) => {
      const [name = "", ...values] = directive.split(" ");
      return [name, values.join(" ")];
    }),
  );
}

describe("pageContentSecurityPolicy", () => {
  it("in production, runs only this response's scripts: no 'unsafe-inline', no 'unsafe-eval', no framing", () => {
    expect(directives(pageContentSecurityPolicy({ nonce, development: false, https: false }))).toEqual({
      "default-src": "'self'",
      "script-src": `'self' 'nonce-${nonce}' 'strict-dynamic'`,
      "style-src": `'self' 'nonce-${nonce}'`,
      "img-src": "'self' data: https:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
  });

  it("in development, allows eval for React Refresh, the dev server's style tags and its websocket, still no inline script", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce, development: true, https: false }));

    expect(policy["script-src"]).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic' 'unsafe-eval'`);
    expect(policy["style-src"]).toBe("'self' 'unsafe-inline'");
    expect(policy["connect-src"]).toBe("'self' ws: wss:");
    expect(policy["frame-ancestors"]).toBe("'none'");
  });

  it("over https, upgrades the page's http requests", () => {
    expect(pageContentSecurityPolicy({ nonce, development: false, https: true })).toMatch(/; upgrade-insecure-requests$/);
    expect(pageContentSecurityPolicy({ nonce, development: false, https: false })).not.toContain("upgrade-insecure-requests");
  });
});

describe("securityHeadersFor", () => {
  it("gives pages the nonce policy and API routes one that allows nothing", () => {
    const page = securityHeadersFor({ pathname: "/settings", nonce, development: false, https: false });
    const api = securityHeadersFor({ pathname: "/api/user/me", nonce, development: false, https: false });

    expect(page["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
    expect(api["Content-Security-Policy"]).toBe(API_CONTENT_SECURITY_POLICY);
    expect(securityHeadersFor({ pathname: "/apiary", nonce, development: false, https: false })["Content-Security-Policy"]).toContain(
      "'nonce-",
    );
  });

  it("adds HSTS for two years with subdomains over https only", () => {
    expect(securityHeadersFor({ pathname: "/", nonce, development: false, https: true })["Strict-Transport-Security"]).toBe(
      "max-age=63072000; includeSubDomains",
    );
    expect(securityHeadersFor({ pathname: "/", nonce, development: false, https: false })).not.toHaveProperty("Strict-Transport-Security");
  });
});

describe("isServedOverHttps", () => {
  it("is true when the site's public URL is https, whatever the request says", () => {
    expect(isServedOverHttps({ siteUrl: "https://keyforge.example", trustProxy: false, forwardedProto: "http" })).toBe(true);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy, and only its last entry", () => {
    const site = "http://127.0.0.1:3000";
    expect(isServedOverHttps({ siteUrl: site, trustProxy: false, forwardedProto: "https" })).toBe(false);
    expect(isServedOverHttps({ siteUrl: site, trustProxy: true, forwardedProto: "https" })).toBe(true);
    expect(isServedOverHttps({ siteUrl: site, trustProxy: true, forwardedProto: "HTTPS" })).toBe(true);
    expect(isServedOverHttps({ siteUrl: site, trustProxy: true, forwardedProto: "https, http" })).toBe(false);
    expect(isServedOverHttps({ siteUrl: site, trustProxy: true, forwardedProto: null })).toBe(false);
    expect(isServedOverHttps({ siteUrl: undefined, trustProxy: false, forwardedProto: undefined })).toBe(false);
  });
});

describe("nonces", () => {
  it("are 128 random bits in base64, different every time", () => {
    const nonces = Array.from({ length: 1000 }, () => createNonce());

    for (const value of nonces) expect(Buffer.from(value, "base64")).toHaveLength(16);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it("are read back from the request only when they look like ours", () => {
    const ours = createNonce();
    expect(nonceFromHeaders({ "x-nonce": ours })).toBe(ours);
    expect(nonceFromHeaders({ "x-nonce": `${ours}" onload="alert(1)` })).toBeUndefined();
    expect(nonceFromHeaders({ "x-nonce": [ours, ours] })).toBeUndefined();
    expect(nonceFromHeaders({})).toBeUndefined();
  });
});
