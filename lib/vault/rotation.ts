import "#server-only";
import { currentKey, DecryptionError, needsReencryption } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { replaceVaultEntries, vaultsOnOlderKeys, type StoredApiKey } from "./repository";
import { openApiKey, sealApiKey } from "./sealing";
import { API_KEY_PROVIDERS, type ApiKeyProvider } from "./shared";

interface RotationReport {
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
 * (first) ENCRYPTION_KEYS key, keeping when each was set. Only values still on
 * an older key are selected, so an interrupted run simply resumes when started
 * again; a key the user replaced meanwhile is left as it is.
 */
export async function rotateApiKeyEncryption({ batchSize = 100 } = {}): Promise<RotationReport> {
  const keys = getEnv().ENCRYPTION_KEYS;
  const currentKeyId = currentKey(keys).id;
  const report: RotationReport = { usersScanned: 0, reencrypted: 0, unreadable: 0, currentKeyId };

  for await (const { userId, apiKeys } of vaultsOnOlderKeys(currentKeyId, batchSize)) {
    report.usersScanned += 1;
    const replacements: Partial<Record<ApiKeyProvider, { previousIv: string; stored: StoredApiKey }>> = {};
    for (const provider of API_KEY_PROVIDERS) {
      const stored = apiKeys?.[provider];
      if (!stored || !needsReencryption(stored, keys)) continue;
      try {
        const plaintext = openApiKey(userId, provider, stored);
        const resealed = sealApiKey(userId, provider, plaintext, stored.updatedAt);
        // The same key, so what its provider last said of it still holds.
        const lastCheck = stored.lastCheck ? { lastCheck: stored.lastCheck } : {};
        replacements[provider] = { previousIv: stored.iv, stored: { ...resealed, ...lastCheck } };
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        report.unreadable += 1;
      }
    }
    const count = Object.keys(replacements).length;
    if (count > 0 && (await replaceVaultEntries(userId, replacements))) report.reencrypted += count;
  }
  return report;
}
