import "#server-only";
import { Types } from "mongoose";
import { z } from "zod";
import type { DataAccess } from "@/lib/access";
import { DecryptionError } from "@/lib/core/crypto";
import { ownId } from "@/lib/access/shared";
import { toDetail, toSummary, usageOf } from "./history";
import type { Generation } from "./repository";
import { removeConversationsOf, removeHistoryText, removeText, withText } from "./repository";
import type { ExportedGeneration, GenerationDetailResponse, GenerationListResponse, GenerationSummary } from "./shared";

/**
 * A person's history: listed newest first in pages, opened, and deleted;
 * always by their own id, through the data door (lib/access), whose policy
 * lets only the owner remove text (an admin viewing as them may read it).
 */

const MAX_PAGE_SIZE = 50;

/** Where a history page starts: strictly older than this entry. */
interface HistoryCursor {
  createdAt: Date;
  id: Types.ObjectId;
}

/** `<createdAt ms>.<id hex>`: opaque to clients, and enough to continue exactly after the last entry. */
function encodeCursor(summary: GenerationSummary): string {
  return `${Date.parse(summary.createdAt)}.${summary.id}`;
}

const cursorSchema = z
  .string()
  .regex(/^\d{1,15}\.[0-9a-f]{24}$/, "Use the nextCursor of the previous page")
  .transform((value): HistoryCursor => {
    const dot = value.indexOf(".");
    return { createdAt: new Date(Number(value.slice(0, dot))), id: new Types.ObjectId(value.slice(dot + 1)) };
  });

/** `GET /api/user/generations` query: `before` (a cursor) and `limit` (1–50, default 20). */
export const historyQuerySchema = z.object({
  before: cursorSchema.optional(),
  limit: z.coerce.number("Use a number from 1 to 50").int().min(1).max(MAX_PAGE_SIZE).default(20),
});

/** What shows in the list for an entry whose text no longer decrypts (its encryption key was retired). */
function unreadableSummary(summary: Omit<GenerationSummary, "title">): GenerationSummary {
  return { ...summary, title: "This entry can no longer be read" };
}

/** Entries older than `before`, in the list's order (newest first, then by id). */
function olderThan(before: HistoryCursor | undefined) {
  if (!before) return {};
  return { $or: [{ createdAt: { $lt: before.createdAt } }, { createdAt: before.createdAt, _id: { $lt: before.id } }] };
}

export async function listHistory(data: DataAccess, query: z.infer<typeof historyQuerySchema>): Promise<GenerationListResponse> {
  // One more than asked tells whether there is a next page.
  const page = await data.generations.reveal({ userId: ownId(data), ...withText, ...olderThan(query.before) }, ["prompt"], {
    sort: { createdAt: -1, _id: -1 },
    limit: query.limit + 1,
  });
  const generations = page.slice(0, query.limit).map((generation) => {
    try {
      return toSummary(generation);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      return unreadableSummary(toSummary({ ...generation, prompt: undefined }));
    }
  });
  const last = generations.at(-1);
  return { generations, nextCursor: page.length > query.limit && last ? encodeCursor(last) : null };
}

/** One entry with its text; null when it is not the user's, has no text, or no longer decrypts. */
export async function getHistoryEntry(data: DataAccess, id: string): Promise<GenerationDetailResponse["generation"] | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const [generation] = await data.generations.reveal({ _id: id, userId: ownId(data), ...withText }, ["prompt", "output"]);
  if (!generation) return null;
  try {
    return toDetail(generation);
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/**
 * Every generation of the signed-in user, oldest first, one at a time from a
 * database cursor (each decrypted only when its turn comes), so a download of
 * a long history never holds it in memory.
 */
export async function* eachGenerationForExport(data: DataAccess): AsyncGenerator<ExportedGeneration> {
  for await (const generation of data.generations.revealEach({ userId: ownId(data) }, ["prompt", "output"], { sort: { createdAt: 1, _id: 1 } })) {
    yield exportedGeneration(generation);
  }
}

function exportedGeneration(generation: Generation): ExportedGeneration {
  const { conversationId, turn, version } = generation;
  const usage = {
    ...usageOf(generation),
    ...(conversationId && turn !== undefined ? { conversation: { id: conversationId.toString(), turn, version: version ?? 1 } } : {}),
  };
  if (!generation.prompt) return { ...usage, text: null };
  try {
    const { prompt, output } = toDetail(generation);
    return { ...usage, text: { prompt, answer: output } };
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    return { ...usage, text: "unreadable" };
  }
}

/** Deletes one entry's text (its usage record stays); false when the user has no such entry. */
export async function deleteHistoryEntry(data: DataAccess, id: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  return (await data.generations.updateOne({ _id: id, userId: ownId(data), ...withText }, removeText())) !== null;
}

/** Deletes the text of every entry of the signed-in user, and their conversations; how many entries there were. */
export async function deleteOwnHistory(data: DataAccess): Promise<number> {
  const deleted = await data.generations.updateMany({ userId: ownId(data), ...withText }, removeText());
  await data.conversations.deleteMany({ userId: ownId(data) });
  return deleted;
}

/** Deletes the text of every entry of `userId`, and their conversations, when their account changes hands (a reset or a provider reclaims it). */
export async function deleteAllHistory(userId: string): Promise<number> {
  const [removed] = await Promise.all([removeHistoryText(userId), removeConversationsOf(userId)]);
  return removed;
}

/** Whether the user has ever had an answer completed (with or without history text): the start page's last first step. */
export async function hasCompletedGeneration(data: DataAccess): Promise<boolean> {
  return (await data.generations.findOne({ userId: ownId(data), outcome: "completed" }, { select: ["_id"] })) !== null;
}
