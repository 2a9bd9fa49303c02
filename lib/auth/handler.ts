import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { authOptions } from "./options";
import { authRequestOf, runWithRequestContext } from "./request-context";

/**
 * The NextAuth route. The request's IP, user agent and cookies reach sign-in
 * through request context.
 *
 * `POST /api/auth/_log` is NextAuth's client logger: it would let any
 * anonymous client write error-level lines, with content of its choosing, into
 * the server log. Client-side errors are the browser's to report, so it is
 * answered without logging anything.
 */
export function nextAuthHandler(req: NextApiRequest, res: NextApiResponse): Promise<void> | void {
  const [action] = [req.query.nextauth].flat();
  if (action === "_log") {
    res.status(204).end();
    return;
  }
  return runWithRequestContext(authRequestOf(req, res), () => NextAuth(req, res, authOptions));
}
