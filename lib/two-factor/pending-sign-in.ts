import "#server-only";
import { createHash, randomBytes } from "node:crypto";
import type { SignInMethod } from "@/lib/accounts/shared";
import { pendingSignInDocs, userObjectId } from "./repository";
import { PENDING_SIGN_IN_SECONDS } from "./shared";

/**
 * A sign-in waiting for its second step. The first step (the password, a
 * provider) proved something, so the browser gets a ticket, not a session:
 * 32 random bytes in a cookie, of which the database keeps only a hash. The
 * second step consumes it once. Expiry is checked on every read, since
 * FerretDB has no TTL monitor; the retention job (lib/retention) deletes expired ones.
 */

interface PendingSignIn {
  /** The stored id (a hash of the ticket): the key of the second step's attempt limit. */
  id: string;
  userId: string;
  method: SignInMethod;
  expiresAt: Date;
}

function idOf(ticket: string): string {
  return createHash("sha256").update(ticket).digest("base64url");
}

/** A new pending sign-in for the user: the ticket (for the cookie) and when it expires. */
export async function startPendingSignIn(userId: string, method: SignInMethod): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = randomBytes(32).toString("base64url");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_SECONDS * 1000);
  const docs = await pendingSignInDocs();
  await docs.insertOne({ _id: idOf(ticket), userId: userObjectId(userId), method, createdAt: now, expiresAt });
  return { ticket, expiresAt };
}

/** Deletes the pending sign-ins expired at `now` (the retention job; a read checks the expiry itself); how many went. */
export async function deleteExpiredPendingSignIns(now: Date): Promise<number> {
  return (await (await pendingSignInDocs()).deleteMany({ expiresAt: { $lte: now } })).deletedCount;
}

/** The pending sign-in `ticket` stands for, if it has not expired or been used. */
export async function findPendingSignIn(ticket: string | undefined): Promise<PendingSignIn | null> {
  if (!ticket || ticket.length > 100) return null;
  const doc = await (await pendingSignInDocs()).findOne({ _id: idOf(ticket) });
  if (!doc || doc.expiresAt.getTime() <= Date.now()) return null;
  return { id: doc._id, userId: doc.userId.toString(), method: doc.method, expiresAt: doc.expiresAt };
}

/** Uses up a pending sign-in: true for exactly one caller, however many race for it. */
export async function consumePendingSignIn(pending: PendingSignIn): Promise<boolean> {
  const result = await (await pendingSignInDocs()).deleteOne({ _id: pending.id, expiresAt: { $gt: new Date() } });
  return result.deletedCount === 1;
}

/** Ends every pending sign-in of the user (second step turned off or reset, account reclaimed). */
export async function dropPendingSignInsOf(userId: string): Promise<void> {
  await (await pendingSignInDocs()).deleteMany({ userId: userObjectId(userId) });
}
