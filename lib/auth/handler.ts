import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { isOAuthProviderId } from "@/lib/accounts/shared";
import { HttpError, sendError, setApiSecurityHeaders } from "@/lib/http";
import { liveSessionOf } from "./callbacks";
import { sessionCookieNames } from "./cookies";
import { dropUnusableCallbackUrls } from "./nextauth-guard";
import { authOptions } from "./options";
import { runOAuthCallback, type LiveSession } from "./oauth-attempt";
import { authRequestOf, runWithRequestContext } from "./request-context";
import { readSessionToken } from "./server-session";

/**
 * The NextAuth route. The request's IP, user agent and cookies reach sign-in
 * through request context. Before NextAuth sees a request:
 * - `POST /api/auth/_log`, NextAuth's client logger, is answered without
 *   logging: it would let any anonymous client write error-level lines, with
 *   content of its choosing, into the server log;
 * - client input NextAuth would answer with a 500 is kept away from it:
 *   unusable callback URLs (lib/auth/nextauth-guard.ts), and other methods
 *   than POST on the Credentials callbacks (password, second step, passkey) and the logger (405);
 * - on an OAuth callback, a session cookie that is no longer live (revoked,
 *   signed out everywhere, disabled user) is dropped: NextAuth would otherwise
 *   link the provider to that cookie's user, turning a dead session into a
 *   permanent way in.
 */
export async function nextAuthHandler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  setApiSecurityHeaders(req, res);
  const [action, providerId] = [req.query.nextauth ?? []].flat();
  const postOnly = action === "_log" || (action === "callback" && ["credentials", "two-factor", "passkey"].includes(providerId ?? ""));
  if (postOnly && req.method !== "POST") return sendError(req, res, HttpError.methodNotAllowed("POST"));
  if (action === "_log") {
    res.status(204).end();
    return;
  }
  dropUnusableCallbackUrls(req);
  const request = authRequestOf(req, res);
  if (action === "callback" && isOAuthProviderId(providerId)) {
    const signedIn = await liveSessionOrDrop(req);
    return runWithRequestContext(request, () => runOAuthCallback(signedIn, () => NextAuth(req, res, authOptions)));
  }
  return runWithRequestContext(request, () => NextAuth(req, res, authOptions));
}

/** The browser's session, if live; otherwise its session cookie is removed from the request NextAuth will see. */
async function liveSessionOrDrop(req: NextApiRequest): Promise<LiveSession | null> {
  const token = await readSessionToken(req);
  const live = token ? await liveSessionOf(token).catch(() => null) : null;
  if (!live) for (const cookie of sessionCookieNames(req.cookies)) delete req.cookies[cookie];
  return live;
}
