import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { revokeViewAsSessions } from "./repository";

/**
 * Signing out the signed-in user's own devices, through the data door
 * (lib/access): the DeviceSession policy decides which of their sessions they
 * may end (never an admin's view-as session on their account), and an admin
 * viewing as them ends none.
 */

/** Ends one of the user's devices; false when they have no such device. */
export async function revokeOwnDeviceSession(data: DataAccess, sessionId: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(sessionId)) return false;
  return data.deviceSessions.deleteOne({ _id: sessionId, userId: ownId(data) });
}

/**
 * Ends every device of the user except `keepId`; returns how many of their
 * devices ended. An admin's view-as session ends too: the user cannot see it,
 * but "sign out everywhere else" means every other session on their account.
 */
export async function revokeOtherDeviceSessions(data: DataAccess, keepId: string): Promise<number> {
  if (!Types.ObjectId.isValid(keepId)) return 0;
  const revoked = await data.deviceSessions.deleteMany({ userId: ownId(data), _id: { $ne: keepId } });
  if (!data.actor?.impersonatedBy) await revokeViewAsSessions(ownId(data));
  return revoked;
}
