import "#server-only";
import { currentKey, DecryptionError, needsReencryption } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { openHistoryText, placeOf, sealHistoryText } from "./history";
import { rotateTitles } from "./conversation-store";
import { historyOnOlderKeys, replaceHistoryText } from "./repository";

interface HistoryRotationReport {
  /** History entries re-encrypted with the current key. */
  reencrypted: number;
  /** Entries that no longer decrypt with any configured key (left as they are). */
  unreadable: number;
}

/**
 * Re-encrypts history text made by an older ENCRYPTION_KEYS key with the
 * current one, like the vault's rotation: only entries still on an older key
 * are read, so an interrupted run resumes (conversation titles too); an entry deleted meanwhile stays deleted.
 */
export async function rotateHistoryEncryption({ batchSize = 100 } = {}): Promise<HistoryRotationReport> {
  const keys = getEnv().ENCRYPTION_KEYS;
  const report: HistoryRotationReport = { reencrypted: 0, unreadable: 0 };
  for await (const generation of historyOnOlderKeys(currentKey(keys).id, batchSize)) {
    const { prompt, output } = generation;
    if (!prompt || !output || (!needsReencryption(prompt, keys) && !needsReencryption(output, keys))) continue;
    try {
      const text = {
        prompt: sealHistoryText(generation.userId, generation._id, "prompt", openHistoryText(generation, "prompt", prompt), placeOf(generation)),
        output: sealHistoryText(generation.userId, generation._id, "output", openHistoryText(generation, "output", output), placeOf(generation)),
      };
      if (await replaceHistoryText(generation._id, prompt.iv, text)) report.reencrypted += 1;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      report.unreadable += 1;
    }
  }
  // Conversation titles are history text too.
  const titles = await rotateTitles(batchSize);
  return { reencrypted: report.reencrypted + titles.reencrypted, unreadable: report.unreadable + titles.unreadable };
}
