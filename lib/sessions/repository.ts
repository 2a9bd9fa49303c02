import "#server-only";
import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import type { RequestContext } from "@/lib/http";
import { DeviceSessionModel, type DeviceSession } from "@/models/DeviceSession";

/**
 * Device sessions' data access: the only code that queries DeviceSessionModel.
 * Every write is keyed by the owner's id too, so one user can never touch
 * another's device.
 */

/** Where a sign-in came from, recorded on its device session (defined in lib/http, beside clientIp). */
export type { RequestContext };

function expiresFrom(now: Date): Date {
  return new Date(now.getTime() + getEnv().SESSION_MAX_AGE * 1000);
}

/** Records a signed-in device; its id goes into the JWT. */
export async function createDeviceSession(userId: string, context: RequestContext): Promise<DeviceSession> {
  await connectToDatabase();
  const now = new Date();
  const created = await DeviceSessionModel.create({
    sessionToken: randomBytes(32).toString("base64url"),
    userId: new Types.ObjectId(userId),
    expires: expiresFrom(now),
    userAgent: context.userAgent,
    ip: context.ip,
    createdAt: now,
    lastSeenAt: now,
  });
  return created.toObject();
}

/**
 * Marks the device as seen and slides its expiry, if it is still live for this
 * user. Null means the session was revoked or has expired.
 */
export async function touchDeviceSession(sessionId: string, userId: string): Promise<DeviceSession | null> {
  if (!Types.ObjectId.isValid(sessionId) || !Types.ObjectId.isValid(userId)) return null;
  await connectToDatabase();
  const now = new Date();
  return DeviceSessionModel.findOneAndUpdate(
    { _id: new Types.ObjectId(sessionId), userId: new Types.ObjectId(userId), expires: { $gt: now } },
    { $set: { lastSeenAt: now, expires: expiresFrom(now) } },
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

/** The user's live device sessions, most recently active first. */
export async function findLiveDeviceSessions(userId: string): Promise<DeviceSession[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  await connectToDatabase();
  return DeviceSessionModel.find({ userId: new Types.ObjectId(userId), expires: { $gt: new Date() } })
    .sort({ lastSeenAt: -1 })
    .lean();
}

/** Ends every device session of the user except `keepId`; returns how many ended. */
export async function revokeOtherDeviceSessions(userId: string, keepId: string): Promise<number> {
  if (!Types.ObjectId.isValid(userId) || !Types.ObjectId.isValid(keepId)) return 0;
  await connectToDatabase();
  const result = await DeviceSessionModel.deleteMany({
    userId: new Types.ObjectId(userId),
    _id: { $ne: new Types.ObjectId(keepId) },
  });
  return result.deletedCount;
}

/**
 * After a sessionVersion bump, keeps this one device signed in: its session is
 * accepted for `sessionVersion` (see the jwt callback), every other one ends.
 */
export async function keepDeviceSignedIn(deviceSessionId: string, userId: string, sessionVersion: number): Promise<void> {
  if (!Types.ObjectId.isValid(deviceSessionId) || !Types.ObjectId.isValid(userId)) return;
  await connectToDatabase();
  await DeviceSessionModel.updateOne(
    { _id: new Types.ObjectId(deviceSessionId), userId: new Types.ObjectId(userId) },
    { $set: { sessionVersion } },
  );
}
