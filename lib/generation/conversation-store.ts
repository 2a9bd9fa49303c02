import "#server-only";
import type { Types } from "mongoose";
import { collections } from "@/lib/core/collections";
import { currentKey, decryptSecret, DecryptionError, encryptSecret, needsReencryption } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { registerIndexes } from "@/lib/core/indexes";
import { conversationsOnOlderKeys, replaceTitle, type Conversation, type EncryptedValue } from "./repository";

export type { Conversation };

/**
 * Conversations at rest: the title encrypted like history text, bound to its
 * owner and its conversation (a title copied to another user or another
 * conversation does not decrypt); and what no signed-in request does for
 * itself: removing them when an account changes hands, and key rotation.
 */

registerIndexes(
  // A user's conversations, last used first, with the id as the tie-break of the list's cursor.
  { collection: collections.conversations, key: { userId: 1, updatedAt: -1, _id: -1 } },
  // A conversation's turns and their versions.
  { collection: collections.generations, key: { userId: 1, conversationId: 1, turn: 1, version: 1 } },
);

function titleBinding(userId: Types.ObjectId | string, conversationId: Types.ObjectId | string): string {
  return `user:${userId.toString()}/conversation:${conversationId.toString()}/title`;
}

export function sealTitle(userId: Types.ObjectId | string, conversationId: Types.ObjectId | string, title: string): EncryptedValue {
  return encryptSecret(title, titleBinding(userId, conversationId), getEnv().ENCRYPTION_KEYS);
}

/** The title, or throws DecryptionError. */
export function openTitle(conversation: Pick<Conversation, "_id" | "userId" | "title">): string {
  return decryptSecret(conversation.title, titleBinding(conversation.userId, conversation._id), getEnv().ENCRYPTION_KEYS);
}

/** Re-encrypts titles made by an older key with the current one; how many were, and how many no longer decrypt. */
export async function rotateTitles(batchSize: number): Promise<{ reencrypted: number; unreadable: number }> {
  const keys = getEnv().ENCRYPTION_KEYS;
  const report = { reencrypted: 0, unreadable: 0 };
  for await (const conversation of conversationsOnOlderKeys(currentKey(keys).id, batchSize)) {
    if (!needsReencryption(conversation.title, keys)) continue;
    try {
      if (await replaceTitle(conversation._id, conversation.title.iv, sealTitle(conversation.userId, conversation._id, openTitle(conversation)))) report.reencrypted += 1;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      report.unreadable += 1;
    }
  }
  return report;
}
