import "#server-only";
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { serialize } from "cookie";
import { getEnv } from "@/lib/core/env";
import { equalInConstantTime } from "@/lib/core/keyed-hash";
import { appendSetCookie, cookieOptions, nextAuthCookieName } from "./cookies";
import { safeCallbackPath } from "./shared";

/**
 * NextAuth's double-submit CSRF cookie, for forms that post to NextAuth without
 * JavaScript: the page renders the token, the cookie holds
 * `token|sha256(token + secret)`, and NextAuth accepts a POST whose body token
 * matches a cookie it can verify. This mirrors next-auth v4's
 * core/lib/csrf-token.js (not exported by the package), so a cookie made here
 * is one NextAuth accepts, and the other way round.
 */

/** A request whose cookies Next has parsed (API routes and getServerSideProps both have them). */
type RequestWithCookies = Pick<IncomingMessage, "headers"> & { cookies: Partial<Record<string, string>> };

function tokenHash(token: string): string {
  return createHash("sha256").update(`${token}${getEnv().NEXTAUTH_SECRET}`).digest("hex");
}

/** The token of a CSRF cookie value NextAuth would accept, or null (missing, forged, or from another secret). */
function verifiedToken(cookieValue: string | undefined): string | null {
  const [token = "", hash = ""] = (cookieValue ?? "").split("|");
  return token !== "" && equalInConstantTime(hash, tokenHash(token)) ? token : null;
}

/**
 * The CSRF token for a form this page renders: the one in the visitor's valid
 * NextAuth cookie, else a new one, whose cookie is set on `res` exactly as
 * NextAuth would set it (so `signIn()` in the browser gets the same token).
 */
export function csrfTokenForPage(req: RequestWithCookies, res: Pick<ServerResponse, "getHeader" | "setHeader">): string {
  const name = nextAuthCookieName("csrfToken");
  const existing = verifiedToken(req.cookies[name]);
  if (existing) return existing;
  const token = randomBytes(32).toString("hex");
  appendSetCookie(res, serialize(name, `${token}|${tokenHash(token)}`, cookieOptions({})));
  return token;
}

/** Whether `submitted` is the token of the request's valid CSRF cookie: NextAuth will accept the same POST. */
export function csrfTokenMatches(req: RequestWithCookies, submitted: string | undefined): boolean {
  const token = verifiedToken(req.cookies[nextAuthCookieName("csrfToken")]);
  return token !== null && submitted !== undefined && equalInConstantTime(submitted, token);
}

/** Where NextAuth was told to go after sign-in (its callback-url cookie), as a same-origin path ("/" when unusable). */
export function nextAuthCallbackPath(cookies: RequestWithCookies["cookies"]): string {
  // NextAuth's base URL when NEXTAUTH_URL is unset (next-auth/utils/parse-url.js).
  const origin = new URL(getEnv().NEXTAUTH_URL ?? "http://localhost:3000").origin;
  return safeCallbackPath(cookies[nextAuthCookieName("callbackUrl")], origin);
}
