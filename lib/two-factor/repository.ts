import "#server-only";
import { ObjectId } from "mongodb";
import type { SignInMethod } from "@/lib/accounts/shared";
import { collections } from "@/lib/core/collections";
import type { EncryptedValue } from "@/models/EncryptedValue";

export type { EncryptedValue };
import { getDb } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";

/**
 * Two-step verification's documents. Every lookup on the sign-in path is by
 * `_id`: the user's id for the authenticator secret, a hash for a recovery
 * code or a pending sign-in, so each is a key lookup on MongoDB and a pushed
 * down one on FerretDB.
 */

registerIndexes(
  // Every sign-in asks whether the second step is on (isTotpEnabled): MongoDB answers it from this index alone.
  { collection: collections.twoFactors, key: { _id: 1, "totp.enabledAt": 1 } },
  // "How many recovery codes are left", and replacing a user's set.
  { collection: collections.recoveryCodes, key: { userId: 1 } },
  { collection: collections.pendingSignIns, key: { expiresAt: 1 }, expireAfterSeconds: 0 },
  { collection: collections.pendingSignIns, key: { userId: 1 } },
);

/** The authenticator app's secret: `_id` is the user's id. */
interface TwoFactorDoc {
  _id: ObjectId;
  /** Confirmed with a code: the second step is on. */
  totp?: {
    secret: EncryptedValue;
    enabledAt: Date;
    /** The last time step whose code was accepted; only a later one is accepted next (replay). */
    lastUsedStep: number;
  };
  /** Shown to the user, not confirmed yet: replaced by each new setup, moved to `totp` by a code. */
  pending?: { secret: EncryptedValue; createdAt: Date };
}

/** One unused recovery code: `_id` is a SHA-256 of the user's id and the code. */
interface RecoveryCodeDoc {
  _id: string;
  userId: ObjectId;
  createdAt: Date;
}

/** A sign-in waiting for its second step: `_id` is a SHA-256 of the ticket in the browser's cookie. */
interface PendingSignInDoc {
  _id: string;
  userId: ObjectId;
  /** How the first step was done (the password, a provider): what the session records once the second is. */
  method: SignInMethod;
  createdAt: Date;
  expiresAt: Date;
}

export async function twoFactorDocs() {
  return (await getDb()).collection<TwoFactorDoc>(collections.twoFactors);
}

export async function recoveryCodeDocs() {
  return (await getDb()).collection<RecoveryCodeDoc>(collections.recoveryCodes);
}

export async function pendingSignInDocs() {
  return (await getDb()).collection<PendingSignInDoc>(collections.pendingSignIns);
}

/** A user id as stored; callers pass ids they read from a session or a document. */
export function userObjectId(userId: string): ObjectId {
  return new ObjectId(userId);
}
