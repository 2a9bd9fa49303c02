import "#server-only";
import { connectToDatabase } from "@/lib/core/db";
import { AuthEventModel, type AuthEvent } from "@/models/AuthEvent";
import type { AuthEventDetail, AuthEventType } from "./shared";

/**
 * The audit trail's data access: the only code that touches AuthEventModel.
 * Events are inserted and deleted, never updated.
 */

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

/** Deletes every event older than `cutoff`; returns how many went. */
export async function deleteAuthEventsBefore(cutoff: Date): Promise<number> {
  await connectToDatabase();
  const result = await AuthEventModel.deleteMany({ at: { $lt: cutoff } }).exec();
  return result.deletedCount;
}
