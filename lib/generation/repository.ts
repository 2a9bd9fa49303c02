import "#server-only";
import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { GenerationModel, type Generation } from "@/models/Generation";
import type { EncryptedValue } from "@/models/EncryptedValue";

export type { EncryptedValue, Generation };

/**
 * The generations feature's data access, the only code that queries
 * GenerationModel. Every read and write of history is keyed by the user's id,
 * so one user's id in a URL never reaches another user's record.
 */

/** History entries are the records that still hold text. */
const withText = { prompt: { $exists: true } };

/** Where a history page starts: strictly older than this entry. */
export interface HistoryCursor {
  createdAt: Date;
  id: Types.ObjectId;
}

/** Stores a finished generation (one insert, never updated while streaming). */
export async function insertGeneration(generation: Generation): Promise<void> {
  await connectToDatabase();
  await GenerationModel.create(generation);
}

/** Up to `limit` history entries of the user, newest first, older than `before` when given. */
export async function findHistoryPage(userId: string, before: HistoryCursor | null, limit: number): Promise<Generation[]> {
  await connectToDatabase();
  const older = before
    ? { $or: [{ createdAt: { $lt: before.createdAt } }, { createdAt: before.createdAt, _id: { $lt: before.id } }] }
    : {};
  return GenerationModel.find({ userId: new Types.ObjectId(userId), ...withText, ...older })
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit)
    .lean()
    .exec();
}

/** One history entry of the user, or null (unknown, someone else's, or its text deleted). */
export async function findHistoryEntry(userId: string, id: string): Promise<Generation | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  await connectToDatabase();
  return GenerationModel.findOne({ _id: new Types.ObjectId(id), userId: new Types.ObjectId(userId), ...withText }).lean().exec();
}

/** Whether the user has ever had an answer completed (with or without history text): the start page's last first step. */
export async function hasCompletedGeneration(userId: string): Promise<boolean> {
  await connectToDatabase();
  return (await GenerationModel.exists({ userId: new Types.ObjectId(userId), outcome: "completed" }).exec()) !== null;
}

/** Removes the text of the user's entries (`id`, or all), keeping their usage records; how many had text. */
export async function removeHistoryText(userId: string, id?: string): Promise<number> {
  if (id !== undefined && !Types.ObjectId.isValid(id)) return 0;
  await connectToDatabase();
  const filter = { userId: new Types.ObjectId(userId), ...withText, ...(id === undefined ? {} : { _id: new Types.ObjectId(id) }) };
  const result = await GenerationModel.updateMany(filter, { $unset: { prompt: "", output: "" } }).exec();
  return result.modifiedCount;
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
