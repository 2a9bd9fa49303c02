import "#server-only";
import { Types } from "mongoose";
import { collections } from "@/lib/core/collections";
import { currentKey, decryptSecret, DecryptionError, encryptSecret, needsReencryption } from "@/lib/core/crypto";
import { connectToDatabase } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { registerIndexes } from "@/lib/core/indexes";
import { ConversationModel, type Conversation } from "@/models/Conversation";
import type { EncryptedValue } from "./repository";

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

/** Deletes every conversation of `userId` (their turns' text goes with removeHistoryText). */
export async function removeConversationsOf(userId: string): Promise<number> {
  await connectToDatabase();
  return (await ConversationModel.deleteMany({ userId: new Types.ObjectId(userId) }).exec()).deletedCount;
}

/** Re-encrypts titles made by an older key with the current one; how many were, and how many no longer decrypt. */
export async function rotateTitles(batchSize: number): Promise<{ reencrypted: number; unreadable: number }> {
  await connectToDatabase();
  const keys = getEnv().ENCRYPTION_KEYS;
  const report = { reencrypted: 0, unreadable: 0 };
  const cursor = ConversationModel.find({ "title.keyId": { $ne: currentKey(keys).id } }).sort({ _id: 1 }).lean().cursor({ batchSize });
  for await (const conversation of cursor) {
    if (!needsReencryption(conversation.title, keys)) continue;
    try {
      const title = sealTitle(conversation.userId, conversation._id, openTitle(conversation));
      // Only if unchanged since read (a rename meanwhile wins).
      const result = await ConversationModel.updateOne({ _id: conversation._id, "title.iv": conversation.title.iv }, { $set: { title } }).exec();
      if (result.modifiedCount === 1) report.reencrypted += 1;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      report.unreadable += 1;
    }
  }
  return report;
}
