import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import type { Session } from "next-auth";
import type { ImpersonatorClaims } from "next-auth/jwt";
import { getUser, toSessionUser, type SessionUser } from "@/lib/users";
import { tokenFor } from "./callbacks";
import { clearSessionCookie, writeSessionCookie } from "./cookies";
import { readSessionToken } from "./server-session";

/**
 * "View as": an admin's browser holds a session of another user, marked
 * with the admin (`impersonator`), for support. It is a session of its own,
 * on a device session of its own; the admin's own session waits in its
 * claims and comes back on Stop. The jwt callback ends it at `endsAt`, or
 * as soon as the admin may no longer use it (lib/auth/callbacks.ts).
 */

/**
 * Replaces the admin's session cookie with one viewing as `target` (read
 * through the admin's data door) until `endsAt` (ms since epoch).
 */
export async function writeViewAsSessionCookie(
  res: NextApiResponse,
  admin: Session,
  target: SessionUser,
  viewAs: { deviceSessionId: string; endsAt: number },
): Promise<void> {
  const now = Date.now();
  const impersonator = {
    id: admin.user.id,
    name: admin.user.name ?? null,
    email: admin.user.email ?? null,
    deviceSessionId: admin.deviceSessionId,
    authTime: admin.authTime,
    endsAt: viewAs.endsAt,
  };
  await writeSessionCookie(res, tokenFor({ impersonator }, target, { deviceSessionId: viewAs.deviceSessionId, authTime: now, checkedAt: now }));
}

/** The admin behind this request's view-as session, as its (sealed, so trusted) cookie says; null otherwise. */
export async function impersonatorOf(req: NextApiRequest): Promise<ImpersonatorClaims | null> {
  return (await readSessionToken(req))?.impersonator ?? null;
}

/**
 * Gives the admin their own session back: true when it is restored (checked
 * in full at the next request: device, sessionVersion, lifetime), false when
 * the admin is gone, disabled or no longer an admin, and the browser is signed out.
 */
export async function restoreAdminSession(res: NextApiResponse, impersonator: ImpersonatorClaims): Promise<boolean> {
  const admin = await getUser(impersonator.id);
  if (!admin || admin.disabledAt || admin.role !== "admin") {
    clearSessionCookie(res);
    return false;
  }
  // checkedAt 0: revalidated at the very next request.
  const state = { deviceSessionId: impersonator.deviceSessionId, authTime: impersonator.authTime, checkedAt: 0 };
  await writeSessionCookie(res, tokenFor({}, toSessionUser(admin), state));
  return true;
}
