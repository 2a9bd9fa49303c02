import "#server-only";
import type { ServerResponse } from "node:http";
import { serialize, type SerializeOptions } from "cookie";
import { encode, type JWT } from "next-auth/jwt";
import { getEnv, secureCookies } from "@/lib/core/env";

/**
 * Cookies this app sets besides NextAuth's own: a re-issued session cookie
 * (after a password change or a re-auth) and the device cookie of the lockout.
 */

/**
 * A cookie name with the `__Secure-` prefix when cookies are secure
 * (`secureCookies()`, the rule authOptions.useSecureCookies follows too), as
 * NextAuth names its own.
 */
export function cookieName(base: string): string {
  return secureCookies() ? `__Secure-${base}` : base;
}

/** Our cookies' common attributes: never readable by scripts, not sent on cross-site subrequests. */
export function cookieOptions(overrides: SerializeOptions): SerializeOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies(), ...overrides };
}

/** Adds a Set-Cookie line to `res`, keeping the ones already there. */
export function appendSetCookie(res: Pick<ServerResponse, "getHeader" | "setHeader">, line: string): void {
  const existing = res.getHeader("Set-Cookie");
  const lines = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader("Set-Cookie", [...lines, line]);
}

/**
 * Seals `token` into a new session cookie on `res`, exactly as NextAuth would
 * (same name, encoding, lifetime and attributes), replacing any session cookie
 * already set on this response (getServerSession sets one when it refreshes).
 */
export async function writeSessionCookie(res: Pick<ServerResponse, "getHeader" | "setHeader">, token: JWT): Promise<void> {
  const env = getEnv();
  const name = cookieName("next-auth.session-token");
  const value = await encode({ token, secret: env.NEXTAUTH_SECRET, maxAge: env.SESSION_MAX_AGE });
  const line = serialize(name, value, cookieOptions({ expires: new Date(Date.now() + env.SESSION_MAX_AGE * 1000) }));
  const existing = res.getHeader("Set-Cookie");
  const lines = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader("Set-Cookie", [...lines.filter((other) => !other.startsWith(`${name}=`)), line]);
}
