import { safeCallbackPath, sameOriginUrl } from "@/lib/auth/shared";

const base = "https://app.example.com";

describe("sameOriginUrl (the NextAuth redirect callback)", () => {
  it.each([
    "//evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "https://evil.com/settings",
    "https://app.example.com.evil.com/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://app.example.com/",
    "/\t/evil.com",
  ])("sends %j to the home page", (url) => {
    expect(sameOriginUrl(url, base)).toBe(`${base}/`);
  });

  it.each([
    ["/settings", `${base}/settings`],
    ["/settings?tab=keys#api", `${base}/settings?tab=keys#api`],
    [`${base}/generate`, `${base}/generate`],
  ])("keeps same-origin %j", (url, expected) => {
    expect(sameOriginUrl(url, base)).toBe(expected);
  });
});

describe("safeCallbackPath (the sign-in and sign-up pages)", () => {
  it("keeps a same-origin path and drops everything else", () => {
    expect(safeCallbackPath("/settings?x=1")).toBe("/settings?x=1");
    expect(safeCallbackPath("//evil.com/x")).toBe("/");
    expect(safeCallbackPath("https://evil.com")).toBe("/");
    expect(safeCallbackPath(["/a", "/b"])).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
  });
});

describe("paths that collapse into another host", () => {
  // `/.//evil.com` and `/x/../\evil.com` resolve to the path `//evil.com`, which a
  // browser reads as a link to evil.com when it is used as a Location or href.
  it.each(["/.//evil.com", "/x/../\\evil.com", "/./\\/evil.com", "/%2e//evil.com", "///evil.com"])(
    "safeCallbackPath(%j) never starts with // or /\\",
    (raw) => {
      const path = safeCallbackPath(raw);
      expect(path).toMatch(/^\/(?![/\\])/);
      expect(new URL(path, base).origin).toBe(base);
    },
  );

  it.each(["/.//evil.com", "/x/../\\evil.com"])("the redirect callback's result for %j has a single leading slash", (url) => {
    const result = new URL(sameOriginUrl(url, base));
    expect(result.origin).toBe(base);
    expect(result.pathname).toMatch(/^\/(?![/\\])/);
  });
});
