import "#server-only";
import type { ServerResponse } from "node:http";
import { serialize, type SerializeOptions } from "cookie";
import type { JWT } from "next-auth/jwt";
import { isSignInMethod, type SignInMethod } from "@/lib/accounts/shared";
import { getEnv, secureCookies } from "@/lib/core/env";
import { encodeSessionToken } from "./session-codec";

/**
 * Cookie names and Set-Cookie lines, in one place: NextAuth's cookies as
 * NextAuth names them (we re-issue its session cookie after a password change
 * or a re-auth, set its CSRF cookie for forms without JavaScript, and screen
 * its callback-url cookie), and our own device cookie of the lockout.
 */

/** NextAuth's cookies that this app reads or writes, by their key in NextAuth's cookie options. */
const NEXTAUTH_COOKIES = {
  sessionToken: "next-auth.session-token",
  csrfToken: "next-auth.csrf-token",
  callbackUrl: "next-auth.callback-url",
} as const;

/**
 * The name NextAuth gives one of its cookies (next-auth/core/lib/cookie.js):
 * with secure cookies, `__Host-` for the CSRF cookie and `__Secure-` for the
 * others. authOptions configures no `cookies`, so these are the ones it uses.
 */
export function nextAuthCookieName(key: keyof typeof NEXTAUTH_COOKIES): string {
  const name = NEXTAUTH_COOKIES[key];
  if (!secureCookies()) return name;
  return `${key === "csrfToken" ? "__Host-" : "__Secure-"}${name}`;
}

/**
 * A cookie name with the `__Secure-` prefix when cookies are secure
 * (`secureCookies()`, the rule authOptions.useSecureCookies follows too), as
 * NextAuth names its own.
 */
export function cookieName(base: string): string {
  return secureCookies() ? `__Secure-${base}` : base;
}

/** The attributes NextAuth gives its cookies, and ours too: never readable by scripts, not sent on cross-site subrequests. */
export function cookieOptions(overrides: SerializeOptions): SerializeOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies(), ...overrides };
}

type CookieResponse = Pick<ServerResponse, "getHeader" | "setHeader">;

/**
 * Adds a Set-Cookie line to `res`, keeping the ones already there, except an
 * earlier line for the same cookie, which this one replaces.
 */
export function appendSetCookie(res: CookieResponse, line: string): void {
  const name = line.slice(0, line.indexOf("=") + 1);
  const existing = res.getHeader("Set-Cookie");
  const lines = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader("Set-Cookie", [...lines.filter((other) => !other.startsWith(name)), line]);
}

type RequestCookies = Partial<Record<string, string>>;

/** NextAuth's largest cookie value (core/lib/cookie.js): a longer session token is split into `<name>.0`, `<name>.1`, … */
const SESSION_COOKIE_CHUNK_SIZE = 4096 - 163;

/** The session cookies a request carries: the whole one, or its chunks in order. */
export function sessionCookieNames(cookies: RequestCookies): string[] {
  const name = nextAuthCookieName("sessionToken");
  const chunkIndex = (cookie: string) => Number(cookie.slice(name.length + 1));
  const chunks = Object.keys(cookies).filter((cookie) => cookie.startsWith(`${name}.`) && Number.isInteger(chunkIndex(cookie)));
  if (chunks.length > 0) return chunks.sort((a, b) => chunkIndex(a) - chunkIndex(b));
  return cookies[name] === undefined ? [] : [name];
}

/** The session token a request carries, joined from its chunks if NextAuth split it; undefined when there is none. */
export function sessionCookieValue(cookies: RequestCookies): string | undefined {
  return sessionCookieNames(cookies).map((name) => cookies[name]).join("") || undefined;
}

/**
 * Sets the session cookie to `value` as NextAuth would (same name,
 * attributes and chunking), clearing any chunk of the request's cookie that
 * the new one does not overwrite, and replacing any session cookie already
 * set on this response.
 */
export function setSessionCookie(res: CookieResponse, value: string, expires: Date, requestCookies: RequestCookies = {}): void {
  const chunks = sessionCookieChunks(value);
  const written = new Set(chunks.map((chunk) => chunk.name));
  for (const stale of sessionCookieNames(requestCookies)) {
    if (!written.has(stale)) appendSetCookie(res, serialize(stale, "", cookieOptions({ maxAge: 0 })));
  }
  for (const chunk of chunks) appendSetCookie(res, serialize(chunk.name, chunk.value, cookieOptions({ expires })));
}

/** The session cookie for `value`: one cookie, or NextAuth's numbered chunks when it is too long for one. */
function sessionCookieChunks(value: string): { name: string; value: string }[] {
  const name = nextAuthCookieName("sessionToken");
  if (value.length <= SESSION_COOKIE_CHUNK_SIZE) return [{ name, value }];
  return Array.from({ length: Math.ceil(value.length / SESSION_COOKIE_CHUNK_SIZE) }, (_, i) => ({
    name: `${name}.${i}`,
    value: value.slice(i * SESSION_COOKIE_CHUNK_SIZE, (i + 1) * SESSION_COOKIE_CHUNK_SIZE),
  }));
}

/** Seals `token` into a new session cookie on `res` (see setSessionCookie). */
export async function writeSessionCookie(res: CookieResponse, token: JWT): Promise<void> {
  const env = getEnv();
  const value = await encodeSessionToken({ token, secret: env.NEXTAUTH_SECRET, maxAge: env.SESSION_MAX_AGE });
  setSessionCookie(res, value, new Date(Date.now() + env.SESSION_MAX_AGE * 1000));
}

/** Ends this browser's session cookie, and its chunks if it had any (as NextAuth's sign-out does). */
export function clearSessionCookie(res: CookieResponse, requestCookies: RequestCookies = {}): void {
  const names = new Set([nextAuthCookieName("sessionToken"), ...sessionCookieNames(requestCookies)]);
  for (const name of names) appendSetCookie(res, serialize(name, "", cookieOptions({ maxAge: 0 })));
}

/** Our cookie naming how this browser last signed in, for the sign-in page's "Last used" mark. */
const LAST_SIGN_IN_METHOD = "keyforge.last-sign-in";

/** Kept as long as a browser keeps any cookie (400 days); it names a method, nothing secret. */
const LAST_SIGN_IN_METHOD_MAX_AGE = 400 * 24 * 60 * 60;

/** The Set-Cookie line remembering `method` in this browser. */
export function lastSignInMethodCookie(method: SignInMethod): string {
  return serialize(cookieName(LAST_SIGN_IN_METHOD), method, cookieOptions({ maxAge: LAST_SIGN_IN_METHOD_MAX_AGE }));
}

/** How this browser last signed in, if it says so with a method this app knows. */
export function lastSignInMethodOf(cookies: Partial<Record<string, string>>): SignInMethod | null {
  const value = cookies[cookieName(LAST_SIGN_IN_METHOD)];
  return isSignInMethod(value) ? value : null;
}

/** Our cookie carrying a pending sign-in's ticket, between the first step and the second (lib/two-factor). */
const TWO_FACTOR_TICKET = "keyforge.two-factor";

/**
 * Only the routes that finish or serve a second step read it: NextAuth's
 * callbacks (`two-factor`, `passkey`) and the passkey options, all under
 * /api/auth. No page sees it, nor does any other route.
 */
const TWO_FACTOR_TICKET_PATH = "/api/auth";

/** The pending sign-in's ticket this browser carries, if any. */
export function twoFactorTicketOf(cookies: Partial<Record<string, string>>): string | undefined {
  return cookies[cookieName(TWO_FACTOR_TICKET)];
}

/** The Set-Cookie line giving this browser a pending sign-in's ticket, until it expires. */
export function twoFactorTicketCookie(ticket: string, expires: Date): string {
  return serialize(cookieName(TWO_FACTOR_TICKET), ticket, cookieOptions({ path: TWO_FACTOR_TICKET_PATH, expires }));
}

/** The Set-Cookie line removing the ticket (the second step is done, or the ticket is used up). */
export function clearedTwoFactorTicketCookie(): string {
  return serialize(cookieName(TWO_FACTOR_TICKET), "", cookieOptions({ path: TWO_FACTOR_TICKET_PATH, maxAge: 0 }));
}
