import "#server-only";
import { Types } from "mongoose";
import { collections } from "@/lib/core/collections";
import { connectToDatabase } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { ConversationModel, type Conversation } from "@/models/Conversation";
import { GenerationModel, type Generation } from "@/models/Generation";
import type { EncryptedValue } from "@/models/EncryptedValue";

export type { Conversation, EncryptedValue, Generation };

/**
 * The generations feature's data access for what no signed-in request does
 * for itself: key rotation, and removing history when an account changes
 * hands. A signed-in person's own records are read and written through the
 * data door (lib/access; see history-access.ts and run.ts). Every read and
 * write of history is keyed by the user's id, so one user's id in a URL never
 * reaches another user's record.
 */

registerIndexes(
  // A user's generations (usage and history), newest first, with the id as the tie-break of the history's cursor.
  { collection: collections.generations, key: { userId: 1, createdAt: -1, _id: -1 } },
  // The retention job's deletes of old usage records (lib/retention).
  { collection: collections.generations, key: { createdAt: 1 } },
);

/** History entries are the records that still hold text. */
export const withText = { prompt: { $exists: true } };

/** The update that deletes an entry from history: its text goes, its usage record stays. */
export function removeText() {
  return { $unset: { prompt: "", output: "" } };
}

/** Removes the text of every entry of the user, keeping their usage records; how many had text. */
export async function removeHistoryText(userId: string): Promise<number> {
  await connectToDatabase();
  const result = await GenerationModel.updateMany({ userId: new Types.ObjectId(userId), ...withText }, removeText()).exec();
  return result.modifiedCount;
}

/**
 * Deletes the usage records (entries without text) made before `cutoff`;
 * how many went. History the user keeps (entries with text) stays until they
 * delete it, or their account goes: then it becomes a usage record too. Not
 * a TTL index: USAGE_RETENTION_DAYS can change, and a record's text decides.
 */
export async function deleteUsageRecordsBefore(cutoff: Date): Promise<number> {
  await connectToDatabase();
  const result = await GenerationModel.deleteMany({ createdAt: { $lt: cutoff }, prompt: { $exists: false } }).exec();
  return result.deletedCount;
}

/** Every history entry holding text made by a key other than `currentKeyId`, streamed in batches. */
export async function* historyOnOlderKeys(currentKeyId: string, batchSize: number): AsyncGenerator<Generation> {
  await connectToDatabase();
  const onOlderKey = { $or: [{ "prompt.keyId": { $ne: currentKeyId } }, { "output.keyId": { $ne: currentKeyId } }], ...withText };
  const cursor = GenerationModel.find(onOlderKey).sort({ _id: 1 }).lean().cursor({ batchSize });
  for await (const generation of cursor) yield generation;
}

/** Replaces an entry's text with re-encrypted text, only if it is unchanged since read (same prompt IV); true when written. */
export async function replaceHistoryText(
  id: Types.ObjectId,
  previousPromptIv: string,
  text: { prompt: EncryptedValue; output: EncryptedValue },
): Promise<boolean> {
  await connectToDatabase();
  const result = await GenerationModel.updateOne({ _id: id, "prompt.iv": previousPromptIv }, { $set: text }).exec();
  return result.modifiedCount === 1;
}

/** Deletes every conversation of `userId` (their turns' text goes with removeHistoryText); how many. */
export async function removeConversationsOf(userId: string): Promise<number> {
  await connectToDatabase();
  return (await ConversationModel.deleteMany({ userId: new Types.ObjectId(userId) }).exec()).deletedCount;
}

/** Every conversation whose title was sealed by a key other than `currentKeyId`, streamed in batches. */
export async function* conversationsOnOlderKeys(currentKeyId: string, batchSize: number): AsyncGenerator<Conversation> {
  await connectToDatabase();
  const cursor = ConversationModel.find({ "title.keyId": { $ne: currentKeyId } }).sort({ _id: 1 }).lean().cursor({ batchSize });
  for await (const conversation of cursor) yield conversation;
}

/** Replaces a conversation's title with a re-encrypted one, only if unchanged since read (same IV: a rename meanwhile wins); true when written. */
export async function replaceTitle(id: Types.ObjectId, previousIv: string, title: EncryptedValue): Promise<boolean> {
  await connectToDatabase();
  return (await ConversationModel.updateOne({ _id: id, "title.iv": previousIv }, { $set: { title } }).exec()).modifiedCount === 1;
}
