import "#server-only";
import { Types } from "mongoose";
import type { NextApiRequest, NextApiResponse } from "next";
import type { Session } from "next-auth";
import { forUser, type DataAccess } from "@/lib/access";
import { recordAdminAction } from "@/lib/audit";
import { impersonatorOf, restoreAdminSession, writeViewAsSessionCookie } from "@/lib/auth";
import { HttpError, requestContextOf } from "@/lib/http";
import { newDeviceSession } from "@/lib/sessions";
import { IMPERSONATION_MAX_SECONDS, type ImpersonationStartResponse, type ImpersonationStopResponse } from "./shared";

/**
 * Starts viewing the product as user `id`: never oneself, another admin or a
 * disabled account. Opens a device session on their account marked with the
 * admin (hidden from their own device list), ending IMPERSONATION_MAX_SECONDS
 * from now, and turns this browser's session into one for it. Recorded in
 * both accounts' audit trails.
 */
export async function startImpersonation(
  data: DataAccess,
  session: Session,
  id: string,
  req: NextApiRequest,
  res: NextApiResponse,
): Promise<ImpersonationStartResponse> {
  const adminId = session.user.id;
  const _id = new Types.ObjectId(id);
  const target = await data.users.findOne({ _id });
  if (!target) throw HttpError.notFound("No such user");
  if (id === adminId) throw HttpError.conflict("You are already yourself: choose another user to view as.");
  if (target.role === "admin") throw HttpError.forbidden("Admins cannot be viewed as: only ordinary users can.");
  if (target.disabledAt) throw HttpError.conflict("This account is disabled, so it cannot be viewed as. Enable it first.");

  const context = requestContextOf(req);
  const now = Date.now();
  const endsAt = now + IMPERSONATION_MAX_SECONDS * 1000;
  const deviceSessionId = await data.deviceSessions.create({
    ...newDeviceSession(id, context, new Date(now), new Date(endsAt)),
    impersonatedBy: new Types.ObjectId(adminId),
  });
  await writeViewAsSessionCookie(
    res,
    session,
    { id, role: target.role, name: target.name ?? null, email: target.email ?? null, image: target.image ?? null, sessionVersion: target.sessionVersion, emailVerified: Boolean(target.email && target.emailVerified) },
    { deviceSessionId: deviceSessionId.toString(), endsAt },
  );
  await recordAdminAction({ type: "impersonation.started", adminId, subjectId: id, context, deviceSessionId: session.deviceSessionId });
  return { redirectTo: "/", endsAt: new Date(endsAt).toISOString() };
}

/**
 * Stops viewing as: ends the view-as device session and gives the admin
 * their own session back (or signs the browser out when the admin may no
 * longer have it). 409 when this session is not a view-as one.
 */
export async function stopImpersonation(session: Session, req: NextApiRequest, res: NextApiResponse): Promise<ImpersonationStopResponse> {
  const impersonator = session.impersonator ? await impersonatorOf(req) : null;
  if (!impersonator) throw HttpError.conflict("You are not viewing as anyone.");
  const restored = await restoreAdminSession(res, impersonator);
  if (restored) {
    // The admin, as just re-read, ends the view-as session through their own door.
    await forUser({ id: impersonator.id, role: "admin" }).deviceSessions.deleteOne({ _id: new Types.ObjectId(session.deviceSessionId) });
  }
  await recordAdminAction({
    type: "impersonation.stopped",
    adminId: impersonator.id,
    subjectId: session.user.id,
    context: requestContextOf(req),
    deviceSessionId: impersonator.deviceSessionId,
  });
  return { redirectTo: restored ? `/admin/users/${session.user.id}` : "/" };
}
