import "#server-only";
import { generateSecret, generateURI, verify } from "otplib";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { claimOnce } from "@/lib/rate-limit";
import { twoFactorDocs, userObjectId, type EncryptedValue } from "./repository";
import type { TotpSetupResponse } from "./shared";

/**
 * The authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s, as every app
 * expects). The secret is sealed with the vault's ENCRYPTION_KEYS, bound to
 * its user (a secret copied to another account does not decrypt). A code is
 * accepted once: only a time step later than the last accepted one passes.
 */

const ISSUER = "KeyForge";
/** A code from the step before or after the server's is accepted too (a phone's clock drifts, a code is typed late). */
const EPOCH_TOLERANCE_SECONDS = 30;

function secretBinding(userId: string): string {
  return `user:${userId}/totp`;
}

/** The secret sealed for its user with the current key (setup, and key rotation). */
export function seal(userId: string, secret: string): EncryptedValue {
  return encryptSecret(secret, secretBinding(userId), getEnv().ENCRYPTION_KEYS);
}

/** The secret in the clear; DecryptionError when no configured key opens it (or it was sealed for another user). */
export function open(userId: string, sealed: EncryptedValue): string {
  return decryptSecret(sealed, secretBinding(userId), getEnv().ENCRYPTION_KEYS);
}

/** The time step a code of `secret` matched at now, after `afterStep`; null when it matches none. */
async function matchingStep(secret: string, code: string, afterStep?: number): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(Date.now() / 1000),
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
    ...(afterStep === undefined ? {} : { afterTimeStep: afterStep }),
  });
  // verify answers for HOTP and TOTP alike; only a TOTP match has a time step.
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/**
 * A new secret for the user's authenticator app, pending until a code from it
 * confirms it (`confirmTotpSetup`); a later setup replaces it. `label` names
 * the account in the app (the email).
 */
export async function beginTotpSetup(userId: string, label: string): Promise<TotpSetupResponse> {
  const secret = generateSecret();
  const docs = await twoFactorDocs();
  await docs.updateOne({ _id: userObjectId(userId) }, { $set: { pending: { secret: seal(userId, secret), createdAt: new Date() } } }, { upsert: true });
  return { secret, otpauthUrl: generateURI({ issuer: ISSUER, label, secret }) };
}

/**
 * What a confirmation did: turned the second step on (`confirmed`), or not:
 * a wrong code, no setup waiting, or another confirmation of the same setup
 * that won the race (`confirmed-elsewhere`: it is on, or about to be).
 */
type TotpConfirmation = "confirmed" | "wrong-code" | "nothing-pending" | "confirmed-elsewhere";

/**
 * Turns the second step on when `code` comes from the pending secret, once
 * for concurrent confirmations: the setup's IV is claimed first (FerretDB may
 * let two conditional updates both match), so a loser knows it lost even
 * before the winner's write lands.
 */
export async function confirmTotpSetup(userId: string, code: string): Promise<TotpConfirmation> {
  const docs = await twoFactorDocs();
  const _id = userObjectId(userId);
  const doc = await docs.findOne({ _id });
  if (!doc?.pending) return doc?.totp ? "confirmed-elsewhere" : "nothing-pending";
  const step = await matchingStep(open(userId, doc.pending.secret), code);
  if (step === null) return "wrong-code";
  if (!(await claimOnce(`totp-setup:${doc.pending.secret.iv}`, 3600))) return "confirmed-elsewhere";
  const result = await docs.updateOne(
    { _id, "pending.secret.iv": doc.pending.secret.iv },
    { $set: { totp: { secret: doc.pending.secret, enabledAt: new Date(), lastUsedStep: step } }, $unset: { pending: "" } },
  );
  return result.modifiedCount === 1 ? "confirmed" : "confirmed-elsewhere";
}

/**
 * Whether `code` is the user's current code, accepted now: a time step
 * later than the last accepted one, claimed once (a unique insert, exact
 * under concurrent requests on MongoDB and FerretDB) and then recorded with a
 * conditional update, so neither the same code nor an older one passes again.
 */
export async function acceptTotpCode(userId: string, code: string): Promise<boolean> {
  const docs = await twoFactorDocs();
  const _id = userObjectId(userId);
  const doc = await docs.findOne({ _id }, { projection: { totp: 1 } });
  if (!doc?.totp) return false;
  const step = await matchingStep(open(userId, doc.totp.secret), code, doc.totp.lastUsedStep);
  if (step === null) return false;
  if (!(await claimOnce(`totp-step:${userId}:${step}`, 3 * EPOCH_TOLERANCE_SECONDS * 2))) return false;
  const result = await docs.updateOne({ _id, "totp.lastUsedStep": { $lt: step } }, { $set: { "totp.lastUsedStep": step } });
  return result.modifiedCount === 1;
}

/** Whether the user's second step is on (an authenticator app confirmed). */
export async function isTotpEnabled(userId: string): Promise<boolean> {
  const doc = await (await twoFactorDocs()).findOne({ _id: userObjectId(userId) }, { projection: { "totp.enabledAt": 1 } });
  return Boolean(doc?.totp);
}
