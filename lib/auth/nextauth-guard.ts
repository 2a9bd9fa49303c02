import "#server-only";
import { nextAuthCookieName } from "./cookies";

/**
 * Longest callbackUrl kept. NextAuth echoes it into a cookie and the Location
 * header; a longer one could overflow a proxy's header buffer (nginx: 502).
 */
const CALLBACK_URL_MAX_LENGTH = 2048;

/** Within the length limit, and passing NextAuth's own test (core/lib/assert.js): a path, or an absolute http(s) URL. */
function isUsableCallbackUrl(value: unknown): boolean {
  if (typeof value !== "string" || value.length > CALLBACK_URL_MAX_LENGTH) return false;
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * Drops NextAuth's callback-url cookie, or a `callbackUrl` query parameter or
 * form field, that is too long or that NextAuth cannot parse, as if absent. NextAuth answers an
 * unparseable one with its "problem with the server configuration" error, so a
 * single bad cookie would make every request of that browser fail with a 500
 * (getServerSession throws). Redirects stay on this site either way (the
 * redirect callback in lib/auth/callbacks.ts).
 */
export function dropUnusableCallbackUrls(req: {
  cookies: Partial<Record<string, string>>;
  query?: Partial<Record<string, string | string[]>>;
  body?: unknown;
}): void {
  const cookie = nextAuthCookieName("callbackUrl");
  if (req.cookies[cookie] !== undefined && !isUsableCallbackUrl(req.cookies[cookie])) delete req.cookies[cookie];
  if (req.query?.callbackUrl !== undefined && !isUsableCallbackUrl(req.query.callbackUrl)) delete req.query.callbackUrl;
  const body = req.body;
  if (typeof body === "object" && body !== null && "callbackUrl" in body && !isUsableCallbackUrl(body.callbackUrl)) {
    delete body.callbackUrl;
  }
}
