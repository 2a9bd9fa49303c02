import "#server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CookieOption } from "next-auth";
import { serialize } from "cookie";
import { getEnv, secureCookies } from "@/lib/core/env";
import { appendSetCookie } from "./cookies";
import { authOptions } from "./options";

/**
 * NextAuth's double-submit CSRF cookie, for forms that post to NextAuth without
 * JavaScript: the page renders the token, the cookie holds
 * `token|sha256(token + secret)`, and NextAuth accepts a POST whose body token
 * matches a cookie it can verify. This mirrors next-auth v4's
 * core/lib/csrf-token.js and core/lib/cookie.js (not exported by the package),
 * so a cookie made here is one NextAuth accepts, and the other way round.
 */

/** A request whose cookies Next has parsed (API routes and getServerSideProps both have them). */
type RequestWithCookies = Pick<IncomingMessage, "headers"> & { cookies: Partial<Record<string, string>> };

/** NextAuth's cookie for `key`: `authOptions.cookies` replaces a default whole, as NextAuth merges them. */
function nextAuthCookie(key: "csrfToken" | "callbackUrl"): CookieOption {
  const configured = authOptions.cookies?.[key];
  if (configured) return configured;
  const secure = secureCookies();
  const name =
    key === "csrfToken" ? `${secure ? "__Host-" : ""}next-auth.csrf-token` : `${secure ? "__Secure-" : ""}next-auth.callback-url`;
  return { name, options: { httpOnly: true, sameSite: "lax", path: "/", secure } };
}

function secret(): string {
  return authOptions.secret ?? getEnv().NEXTAUTH_SECRET;
}

function tokenHash(token: string): string {
  return createHash("sha256").update(`${token}${secret()}`).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token of a CSRF cookie value NextAuth would accept, or null (missing, forged, or from another secret). */
function verifiedToken(cookieValue: string | undefined): string | null {
  const [token = "", hash = ""] = (cookieValue ?? "").split("|");
  return token !== "" && safeEqual(hash, tokenHash(token)) ? token : null;
}

/**
 * The CSRF token for a form this page renders: the one in the visitor's valid
 * NextAuth cookie, else a new one, whose cookie is set on `res` exactly as
 * NextAuth would set it (so `signIn()` in the browser gets the same token).
 */
export function csrfTokenForPage(req: RequestWithCookies, res: Pick<ServerResponse, "getHeader" | "setHeader">): string {
  const cookie = nextAuthCookie("csrfToken");
  const existing = verifiedToken(req.cookies[cookie.name]);
  if (existing) return existing;
  const token = randomBytes(32).toString("hex");
  appendSetCookie(res, serialize(cookie.name, `${token}|${tokenHash(token)}`, cookie.options));
  return token;
}

/** Whether `submitted` is the token of the request's valid CSRF cookie: NextAuth will accept the same POST. */
export function csrfTokenMatches(req: RequestWithCookies, submitted: string | undefined): boolean {
  const token = verifiedToken(req.cookies[nextAuthCookie("csrfToken").name]);
  return token !== null && submitted !== undefined && safeEqual(submitted, token);
}

/** Where NextAuth was told to go after sign-in (its callback-url cookie), unchecked: pass it through safeCallbackPath. */
export function nextAuthCallbackUrl(req: RequestWithCookies): string | undefined {
  return req.cookies[nextAuthCookie("callbackUrl").name];
}
