import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import type { JWT } from "next-auth/jwt";
import { HttpError } from "@/lib/http";
import { clearSessionCookie, writeSessionCookie } from "./cookies";
import { readSessionToken } from "./server-session";

/** What a renewal may change in the session token. */
type SessionChanges = Partial<Pick<JWT, "deviceSessionId" | "sessionVersion" | "authTime">>;

/**
 * Answers with a fresh session cookie carrying `changes`: a new device session
 * and sessionVersion after a password change, a new authentication time after
 * a re-auth. Everything else in the token stays as it was.
 */
export async function renewSessionCookie(req: NextApiRequest, res: NextApiResponse, changes: SessionChanges): Promise<void> {
  const token = await readSessionToken(req);
  if (!token) throw HttpError.unauthenticated();
  await writeSessionCookie(res, { ...token, ...changes, checkedAt: Date.now() });
}

/** Ends this browser's session cookie (and its chunks): the account it was for is gone. */
export function endSessionCookie(req: NextApiRequest, res: NextApiResponse): void {
  clearSessionCookie(res, req.cookies);
}
