import { apiKeyBinding, openApiKey } from "@/lib/api-key-vault";
import { DecryptionError, encryptSecret, needsReencryption } from "@/lib/crypto";
import { connectToDatabase } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { API_KEY_PROVIDERS } from "@/lib/validations/api-keys";
import { UserModel, type StoredApiKey } from "@/models/User";

export interface RotationReport {
  /** Users holding at least one value made by an older key. */
  usersScanned: number;
  /** Values now encrypted with the current key. */
  reencrypted: number;
  /** Values that no longer decrypt with any configured key (left as they are). */
  unreadable: number;
  currentKeyId: string;
}

/**
 * Re-encrypts every vault value made by an older key with the current
 * (first) ENCRYPTION_KEYS key. Users stream through a cursor in batches, never
 * all in memory; only values still on an older key are selected, so an
 * interrupted run simply resumes when started again. Each write is guarded by
 * the old value's IV, so a key the user replaced meanwhile is not overwritten.
 */
export async function rotateApiKeyEncryption({ batchSize = 100 } = {}): Promise<RotationReport> {
  await connectToDatabase();
  const keys = getEnv().ENCRYPTION_KEYS;
  const currentKeyId = keys[0]!.id;
  const report: RotationReport = { usersScanned: 0, reencrypted: 0, unreadable: 0, currentKeyId };

  const onOlderKey = {
    $or: API_KEY_PROVIDERS.map((provider) => ({ [`apiKeys.${provider}.keyId`]: { $exists: true, $ne: currentKeyId } })),
  };
  const cursor = UserModel.find(onOlderKey).select("+apiKeys").sort({ _id: 1 }).lean().cursor({ batchSize });

  for await (const user of cursor) {
    report.usersScanned += 1;
    const set: Record<string, StoredApiKey> = {};
    const unchangedSince: Record<string, string> = {};
    for (const provider of API_KEY_PROVIDERS) {
      const stored = user.apiKeys?.[provider];
      if (!stored || !needsReencryption(stored, keys)) continue;
      try {
        const plaintext = openApiKey(user._id, provider, stored);
        set[`apiKeys.${provider}`] = {
          ...encryptSecret(plaintext, apiKeyBinding(user._id, provider), keys),
          updatedAt: stored.updatedAt,
        };
        unchangedSince[`apiKeys.${provider}.iv`] = stored.iv;
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        report.unreadable += 1;
      }
    }
    if (Object.keys(set).length === 0) continue;
    const result = await UserModel.updateOne({ _id: user._id, ...unchangedSince }, { $set: set }, { timestamps: false });
    if (result.modifiedCount === 1) report.reencrypted += Object.keys(set).length;
  }
  return report;
}
