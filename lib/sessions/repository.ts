import "#server-only";
import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { collections } from "@/lib/core/collections";
import { connectToDatabase } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { getEnv } from "@/lib/core/env";
import type { RequestContext } from "@/lib/http";
import { DeviceSessionModel, type DeviceSession } from "@/models/DeviceSession";

export type { DeviceSession };

/**
 * Device sessions' data access for sign-in, sign-out and the email links:
 * with the data door (lib/access; see own-devices.ts and views.ts, which
 * serve a signed-in person's own requests), the only code that queries
 * DeviceSessionModel. Every write is keyed by the owner's id too, so one user
 * can never touch another's device.
 */

registerIndexes(
  { collection: collections.sessions, key: { sessionToken: 1 }, unique: true },
  { collection: collections.sessions, key: { userId: 1 } },
  { collection: collections.sessions, key: { expires: 1 }, expireAfterSeconds: 0 },
);

/** Where a sign-in came from, recorded on its device session (defined in lib/http, beside clientIp). */

/** Deletes the device sessions expired at `now` (the retention job; reads check `liveAt` themselves); how many went. */
export async function deleteExpiredDeviceSessions(now: Date): Promise<number> {
  await connectToDatabase();
  return (await DeviceSessionModel.deleteMany({ expires: { $lte: now } }).exec()).deletedCount;
}

/** What bounds a device session's life beyond its idle limit. */
interface DeviceLifetime {
  /** When the user proved who they are: the session ends SESSION_ABSOLUTE_MAX_AGE after it. */
  authenticatedAt?: Date;
  /** A hard end: a view-as session ends with the view, however it is used. */
  endsBy?: Date;
}

/**
 * A device's expiry: SESSION_MAX_AGE from its last use, but never past
 * SESSION_ABSOLUTE_MAX_AGE from when the user authenticated (when known), nor past `endsBy`.
 */
function expiresFrom(now: Date, { authenticatedAt, endsBy }: DeviceLifetime = {}): Date {
  const env = getEnv();
  const ends = [now.getTime() + env.SESSION_MAX_AGE * 1000];
  if (authenticatedAt) ends.push(authenticatedAt.getTime() + env.SESSION_ABSOLUTE_MAX_AGE * 1000);
  if (endsBy) ends.push(endsBy.getTime());
  return new Date(Math.min(...ends));
}

/**
 * Records a signed-in device; its id goes into the JWT. `authenticatedAt` is
 * when the user proved who they are (now, except when a password change moves
 * a sign-in to a new device session): the absolute lifetime counts from it.
 */
export async function createDeviceSession(
  userId: string,
  context: RequestContext,
  authenticatedAt: Date = new Date(),
): Promise<DeviceSession> {
  await connectToDatabase();
  const now = new Date();
  const created = await DeviceSessionModel.create(newDeviceSession(userId, context, now, expiresFrom(now, { authenticatedAt })));
  return created.toObject();
}

/**
 * A new device session's document, started `now` and ending at `expires`:
 * a sign-in's (above), or an admin's view-as session (lib/admin, through its data door).
 */
export function newDeviceSession(userId: string, context: RequestContext, now: Date, expires: Date): Omit<DeviceSession, "_id"> {
  return {
    sessionToken: randomBytes(32).toString("base64url"),
    userId: new Types.ObjectId(userId),
    expires,
    userAgent: context.userAgent,
    ip: context.ip,
    createdAt: now,
    lastSeenAt: now,
  };
}

/**
 * A device session still in use at `now`: not expired, and used within
 * SESSION_MAX_AGE (a session left with a later expiry by a longer
 * SESSION_MAX_AGE, or never touched since, is over all the same).
 */
export function liveAt(now: Date) {
  return { expires: { $gt: now }, lastSeenAt: { $gt: new Date(now.getTime() - getEnv().SESSION_MAX_AGE * 1000) } };
}

/**
 * Marks the device as seen and slides its expiry within `lifetime`, if it is
 * still live for this user. Null means the session was revoked, has expired
 * or went unused too long.
 */
export async function touchDeviceSession(sessionId: string, userId: string, lifetime: DeviceLifetime = {}): Promise<DeviceSession | null> {
  if (!Types.ObjectId.isValid(sessionId) || !Types.ObjectId.isValid(userId)) return null;
  await connectToDatabase();
  const now = new Date();
  return DeviceSessionModel.findOneAndUpdate(
    { _id: new Types.ObjectId(sessionId), userId: new Types.ObjectId(userId), ...liveAt(now) },
    { $set: { lastSeenAt: now, expires: expiresFrom(now, lifetime) } },
    { new: true },
  ).lean();
}

/** Ends one device's session; true when there was one to end. */
export async function revokeDeviceSession(sessionId: string, userId: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(sessionId) || !Types.ObjectId.isValid(userId)) return false;
  await connectToDatabase();
  const result = await DeviceSessionModel.deleteOne({
    _id: new Types.ObjectId(sessionId),
    userId: new Types.ObjectId(userId),
  });
  return result.deletedCount === 1;
}

/** Ends every device session of the user (their account changed hands); returns how many ended. */
export async function revokeAllDeviceSessions(userId: string): Promise<number> {
  if (!Types.ObjectId.isValid(userId)) return 0;
  await connectToDatabase();
  const result = await DeviceSessionModel.deleteMany({ userId: new Types.ObjectId(userId) });
  return result.deletedCount;
}

/** Ends every admin's view-as session on the user's account (hidden from their device list, yet on their account). */
export async function revokeViewAsSessions(userId: string): Promise<number> {
  if (!Types.ObjectId.isValid(userId)) return 0;
  await connectToDatabase();
  const result = await DeviceSessionModel.deleteMany({ userId: new Types.ObjectId(userId), impersonatedBy: { $exists: true } });
  return result.deletedCount;
}
