import "#server-only";
import { collections } from "@/lib/core/collections";
import type { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { AuthEventModel, type AuthEvent } from "@/models/AuthEvent";
import type { AuthEventDetail, AuthEventType } from "./shared";

/**
 * The audit trail's data access: the only code that touches AuthEventModel.
 * Events are inserted and deleted, never updated.
 */

registerIndexes(
  // A user's activity, newest first.
  { collection: collections.authEvents, key: { userId: 1, at: -1 } },
  // The retention job's deletes (lib/retention). No TTL: AUTH_EVENT_RETENTION_DAYS can change, an
  // index's expireAfterSeconds cannot follow it without a rebuild, so the job alone deletes, on every server.
  { collection: collections.authEvents, key: { at: 1 } },
);

export type { AuthEvent };

export interface NewAuthEvent {
  userId?: string;
  type: AuthEventType;
  at: Date;
  ip: string;
  userAgent: string;
  deviceSessionId?: string;
  emailHash?: string;
  detail?: AuthEventDetail;
}

/** Stores one event. Ids are cast by the schema: a malformed one fails the write, which the caller logs. */
export async function insertAuthEvent(event: NewAuthEvent): Promise<void> {
  await connectToDatabase();
  await AuthEventModel.create(event);
}

/**
 * Each of `userIds`' latest successful sign-in since `since`, by user id (none:
 * absent), in one read: newest first, the first per user kept (FerretDB v1's
 * `$group` has no `$max`). For users from before `lastSignInAt` was recorded
 * (lib/accounts/legacy-users.ts).
 */
export async function lastSignInsOf(userIds: Types.ObjectId[], since: Date): Promise<Map<string, Date>> {
  await connectToDatabase();
  const signIns = await AuthEventModel.find({ userId: { $in: userIds }, type: "signin.succeeded", at: { $gte: since } })
    .select("userId at")
    .sort({ at: -1 })
    .lean()
    .exec();
  const latest = new Map<string, Date>();
  for (const { userId, at } of signIns) if (userId && !latest.has(userId.toString())) latest.set(userId.toString(), at);
  return latest;
}

/** Deletes every event older than `cutoff`; returns how many went. */
export async function deleteAuthEventsBefore(cutoff: Date): Promise<number> {
  await connectToDatabase();
  const result = await AuthEventModel.deleteMany({ at: { $lt: cutoff } }).exec();
  return result.deletedCount;
}

/**
 * A deleted account's trail, kept until it expires like any other: each of
 * its events gets the keyed hash of the address it had (as a failed sign-in
 * for an unknown address is recorded), so an investigation by address still
 * finds them once the account, and its address, are gone. The one update
 * ever made to written events; repeating it changes nothing.
 */
export async function hashDeletedUsersEvents(userId: string, emailHash: string): Promise<number> {
  await connectToDatabase();
  const { modifiedCount } = await AuthEventModel.updateMany({ userId, emailHash: { $ne: emailHash } }, { $set: { emailHash } }).exec();
  return modifiedCount;
}
