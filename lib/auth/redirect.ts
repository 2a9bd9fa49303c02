/**
 * Redirects stay on this site. Anything that would leave it (`//evil.com`,
 * `/\evil.com`, `https://evil.com`, `javascript:…`) falls back to the home page.
 * Browser-safe: the sign-in and sign-up pages use it for `callbackUrl` too.
 */

/** `url` as an absolute URL on `baseUrl`'s origin, or `baseUrl` itself. */
export function sameOriginUrl(url: string, baseUrl: string): string {
  try {
    const base = new URL(baseUrl);
    const target = new URL(url, base);
    return target.origin === base.origin ? target.href : base.href;
  } catch {
    return baseUrl;
  }
}

/** A same-origin path (with query and hash) from an untrusted `callbackUrl`, or "/". */
export function safeCallbackPath(raw: unknown, origin = "http://localhost"): string {
  if (typeof raw !== "string" || raw === "") return "/";
  const resolved = new URL(sameOriginUrl(raw, origin));
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
