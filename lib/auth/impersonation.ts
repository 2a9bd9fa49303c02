import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import type { Session } from "next-auth";
import { getToken, type ImpersonatorClaims } from "next-auth/jwt";
import { getEnv, secureCookies } from "@/lib/core/env";
import { getUser } from "@/lib/users";
import { clearSessionCookie, writeSessionCookie } from "./cookies";

/**
 * "View as": an admin's browser holds a session of another user, marked
 * with the admin (`impersonator`), for support. It is a session of its own,
 * on a device session of its own; the admin's own session waits in its
 * claims and comes back on Stop. The jwt callback ends it at `endsAt`, or
 * as soon as the admin may no longer use it (lib/auth/callbacks.ts).
 */

/** The user to view as, as read through the admin's data door. */
interface ViewAsTarget {
  id: string;
  role: Session["user"]["role"];
  name: string | null;
  email: string | null;
  image: string | null;
  sessionVersion: number;
}

/** Replaces the admin's session cookie with one viewing as `target` until `endsAt` (ms since epoch). */
export async function writeViewAsSessionCookie(
  res: NextApiResponse,
  admin: Session,
  target: ViewAsTarget,
  viewAs: { deviceSessionId: string; endsAt: number },
): Promise<void> {
  const now = Date.now();
  await writeSessionCookie(res, {
    sub: target.id,
    id: target.id,
    role: target.role,
    name: target.name,
    email: target.email,
    picture: target.image,
    sessionVersion: target.sessionVersion,
    deviceSessionId: viewAs.deviceSessionId,
    authTime: now,
    checkedAt: now,
    impersonator: {
      id: admin.user.id,
      name: admin.user.name ?? null,
      email: admin.user.email ?? null,
      deviceSessionId: admin.deviceSessionId,
      authTime: admin.authTime,
      endsAt: viewAs.endsAt,
    },
  });
}

/** The admin behind this request's view-as session, as its (sealed, so trusted) cookie says; null otherwise. */
export async function impersonatorOf(req: NextApiRequest): Promise<ImpersonatorClaims | null> {
  const token = await getToken({ req, secret: getEnv().NEXTAUTH_SECRET, secureCookie: secureCookies() });
  return token?.impersonator ?? null;
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
  await writeSessionCookie(res, {
    sub: impersonator.id,
    id: impersonator.id,
    role: admin.role,
    name: admin.name ?? null,
    email: admin.email ?? null,
    picture: admin.image ?? null,
    sessionVersion: admin.sessionVersion ?? 0,
    deviceSessionId: impersonator.deviceSessionId,
    authTime: impersonator.authTime,
    // Revalidated at the very next request.
    checkedAt: 0,
  });
  return true;
}
