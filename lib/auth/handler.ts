import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { isOAuthProviderId } from "@/lib/accounts/shared";
import { SIGN_IN_LINK_PAGE } from "@/lib/email-flows";
import { assertSameOrigin, HttpError, sendError, setApiSecurityHeaders } from "@/lib/http";
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
 * - a sign-in link's callback signs in only on a same-origin POST (the
 *   landing page's button): a GET, as a mail scanner opening the link would
 *   send, goes to the landing page with the same query (303), and signs no one in
 *   (other methods: 405);
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
  if (action === "callback" && providerId === "email") {
    if (req.method === "GET" || req.method === "HEAD") return toLinkPage(req, res);
    if (req.method !== "POST") return sendError(req, res, HttpError.methodNotAllowed("GET, POST"));
    try {
      assertSameOrigin(req);
    } catch (error) {
      return sendError(req, res, error);
    }
  }
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

/** A sign-in link's callback opened (GET, HEAD): its landing page, with the same token, email and callbackUrl. */
function toLinkPage(req: NextApiRequest, res: NextApiResponse): void {
  const { search } = new URL(req.url ?? "/", "http://localhost");
  res.setHeader("Cache-Control", "no-store");
  res.status(303).setHeader("Location", `${SIGN_IN_LINK_PAGE}${search}`).end();
}

/** The browser's session, if live; otherwise its session cookie is removed from the request NextAuth will see. */
async function liveSessionOrDrop(req: NextApiRequest): Promise<LiveSession | null> {
  const token = await readSessionToken(req);
  const live = token ? await liveSessionOf(token).catch(() => null) : null;
  if (!live) for (const cookie of sessionCookieNames(req.cookies)) delete req.cookies[cookie];
  return live;
}
