import "#server-only";
import type { ServerResponse } from "node:http";
import type { NextApiResponse } from "next";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { getEnv } from "@/lib/core/env";
import { currentToken, sessionCallback } from "./callbacks";
import { clearSessionCookie, sessionCookieValue, setSessionCookie } from "./cookies";
import { logSessionError } from "./options";
import { decodeSessionToken, encodeSessionToken } from "./session-codec";

interface SessionRequest {
  cookies: Partial<Record<string, string>>;
}

type SessionResponse = Pick<ServerResponse, "getHeader" | "setHeader">;

/** When `token`'s cookie expires (its `exp`), or `fallback`. */
function expiryOf(token: JWT, fallback: Date): Date {
  return typeof token.exp === "number" ? new Date(token.exp * 1000) : fallback;
}

/**
 * The request's session: what next-auth's `getServerSession(req, res,
 * authOptions)` returns for our options (a JWT session: the same codec, the
 * same jwt and session callbacks, the same cookie, cleared the same way when
 * the session has ended), without the set-up NextAuth does on every call for
 * its other routes (providers, a CSRF token and its cookie, the callback URL),
 * which a session read never uses. The cookie is set again only when the
 * token changed or is older than `session.updateAge`.
 */
export async function readServerSession(req: SessionRequest, res: SessionResponse): Promise<Session | null> {
  const cookie = sessionCookieValue(req.cookies);
  if (!cookie) return null;
  const env = getEnv();
  try {
    const decoded = await decodeSessionToken({ token: cookie, secret: env.NEXTAUTH_SECRET });
    if (!decoded) return null;
    const token = await currentToken(decoded);
    const reissued = await encodeSessionToken({ token, secret: env.NEXTAUTH_SECRET, maxAge: env.SESSION_MAX_AGE });
    const renewedUntil = new Date(Date.now() + env.SESSION_MAX_AGE * 1000);
    if (reissued !== cookie) setSessionCookie(res, reissued, renewedUntil, req.cookies);
    const expires = reissued === cookie ? expiryOf(decoded, renewedUntil) : renewedUntil;
    return sessionCallback({ session: { expires: expires.toISOString() }, token });
  } catch (error) {
    logSessionError(error);
    clearSessionCookie(res, req.cookies);
    return null;
  }
}

/** The request's session token as sealed (decoded, not revalidated), or null when it has none that decodes. */
export async function readSessionToken(req: SessionRequest): Promise<JWT | null> {
  const cookie = sessionCookieValue(req.cookies);
  if (!cookie) return null;
  return decodeSessionToken({ token: cookie, secret: getEnv().NEXTAUTH_SECRET }).catch(() => null);
}

/** NextAuth's `GET /api/auth/session` (what `useSession` fetches), with its headers and body: the session, or `{}`. */
export async function sendSession(req: SessionRequest, res: NextApiResponse): Promise<void> {
  const session = await readServerSession(req, res);
  res.setHeader("Cache-Control", "private, no-cache, no-store");
  res.setHeader("Pragma", "no-cache");
  res.setHeader("Expires", "0");
  res.status(200).json(session ?? {});
}
