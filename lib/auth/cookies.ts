import "#server-only";
import type { ServerResponse } from "node:http";
import { serialize, type SerializeOptions } from "cookie";
import { encode, type JWT } from "next-auth/jwt";
import { isSignInMethod, type SignInMethod } from "@/lib/accounts/shared";
import { getEnv, secureCookies } from "@/lib/core/env";

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

/**
 * Seals `token` into a new session cookie on `res`, exactly as NextAuth would
 * (same name, encoding, lifetime and attributes), replacing any session cookie
 * already set on this response (getServerSession sets one when it refreshes).
 */
export async function writeSessionCookie(res: CookieResponse, token: JWT): Promise<void> {
  const env = getEnv();
  const value = await encode({ token, secret: env.NEXTAUTH_SECRET, maxAge: env.SESSION_MAX_AGE });
  const expires = new Date(Date.now() + env.SESSION_MAX_AGE * 1000);
  appendSetCookie(res, serialize(nextAuthCookieName("sessionToken"), value, cookieOptions({ expires })));
}

/** Ends this browser's session cookie (as NextAuth's sign-out does). */
export function clearSessionCookie(res: CookieResponse): void {
  appendSetCookie(res, serialize(nextAuthCookieName("sessionToken"), "", cookieOptions({ maxAge: 0 })));
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
