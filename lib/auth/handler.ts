import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { HttpError, sendError } from "@/lib/http";
import { dropUnusableCallbackUrls } from "./nextauth-guard";
import { authOptions } from "./options";
import { authRequestOf, runWithRequestContext } from "./request-context";

/**
 * The NextAuth route. The request's IP, user agent and cookies reach sign-in
 * through request context. Before NextAuth sees a request:
 * - `POST /api/auth/_log`, NextAuth's client logger, is answered without
 *   logging: it would let any anonymous client write error-level lines, with
 *   content of its choosing, into the server log;
 * - client input NextAuth would answer with a 500 is kept away from it:
 *   unusable callback URLs (lib/auth/nextauth-guard.ts), and other methods
 *   than POST on the credentials callback and the logger (405).
 */
export function nextAuthHandler(req: NextApiRequest, res: NextApiResponse): Promise<void> | void {
  const [action, providerId] = [req.query.nextauth ?? []].flat();
  const postOnly = action === "_log" || (action === "callback" && providerId === "credentials");
  if (postOnly && req.method !== "POST") return sendError(req, res, HttpError.methodNotAllowed("POST"));
  if (action === "_log") {
    res.status(204).end();
    return;
  }
  dropUnusableCallbackUrls(req);
  return runWithRequestContext(authRequestOf(req, res), () => NextAuth(req, res, authOptions));
}
