import "#server-only";
import { currentKey, DecryptionError, needsReencryption } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { twoFactorDocs, type EncryptedValue } from "./repository";
import { open, seal } from "./totp";

/** What `rotateTotpEncryption` did, in the vault rotation's shape. */
interface RotationReport {
  /** Users whose authenticator secret (confirmed or pending) was on an older key. */
  usersScanned: number;
  /** Secrets now encrypted with the current key. */
  reencrypted: number;
  /** Secrets that no longer decrypt with any configured key (left as they are). */
  unreadable: number;
  currentKeyId: string;
}

const SLOTS = ["totp", "pending"] as const;

/** The secret sealed again with the current key; null when no configured key opens it. */
function resealedOrNull(userId: string, sealed: EncryptedValue): EncryptedValue | null {
  try {
    return seal(userId, open(userId, sealed));
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/**
 * Re-encrypts every authenticator secret, confirmed and pending, made by an
 * older ENCRYPTION_KEYS key with the current one. Only secrets still on an
 * older key are selected, so an interrupted run resumes when started again;
 * each write is conditional on the sealed value it read, so a setup or a
 * turn-off meanwhile is left as it is.
 */
export async function rotateTotpEncryption({ batchSize = 100 } = {}): Promise<RotationReport> {
  const keys = getEnv().ENCRYPTION_KEYS;
  const currentKeyId = currentKey(keys).id;
  const report: RotationReport = { usersScanned: 0, reencrypted: 0, unreadable: 0, currentKeyId };
  const docs = await twoFactorDocs();
  const onOlderKey = { $exists: true, $ne: currentKeyId };
  const cursor = docs.find({ $or: [{ "totp.secret.keyId": onOlderKey }, { "pending.secret.keyId": onOlderKey }] }, { batchSize });

  for await (const doc of cursor) {
    report.usersScanned += 1;
    const userId = doc._id.toString();
    for (const slot of SLOTS) {
      const sealed = doc[slot]?.secret;
      if (!sealed || !needsReencryption(sealed, keys)) continue;
      const resealed = resealedOrNull(userId, sealed);
      if (!resealed) {
        report.unreadable += 1;
        continue;
      }
      const result = await docs.updateOne({ _id: doc._id, [`${slot}.secret.iv`]: sealed.iv }, { $set: { [`${slot}.secret`]: resealed } });
      report.reencrypted += result.modifiedCount;
    }
  }
  return report;
}
