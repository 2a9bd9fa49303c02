import "#server-only";
import { Types } from "mongoose";
import { z } from "zod";
import { DecryptionError } from "@/lib/core/crypto";
import { toDetail, toSummary } from "./history";
import { findHistoryEntry, findHistoryPage, removeHistoryText, type HistoryCursor } from "./repository";
import type { GenerationDetailResponse, GenerationListResponse, GenerationSummary } from "./shared";

/** A person's history: listed newest first in pages, opened, and deleted; always by their own id. */

const MAX_PAGE_SIZE = 50;

/** `<createdAt ms>.<id hex>`: opaque to clients, and enough to continue exactly after the last entry. */
function encodeCursor(summary: GenerationSummary): string {
  return `${Date.parse(summary.createdAt)}.${summary.id}`;
}

const cursorSchema = z
  .string()
  .regex(/^\d{1,15}\.[0-9a-f]{24}$/, "Use the nextCursor of the previous page")
  .transform((value): HistoryCursor => {
    const [time, id] = value.split(".") as [string, string];
    return { createdAt: new Date(Number(time)), id: new Types.ObjectId(id) };
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

export async function listHistory(userId: string, query: z.infer<typeof historyQuerySchema>): Promise<GenerationListResponse> {
  // One more than asked tells whether there is a next page.
  const page = await findHistoryPage(userId, query.before ?? null, query.limit + 1);
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
export async function getHistoryEntry(userId: string, id: string): Promise<GenerationDetailResponse["generation"] | null> {
  const generation = await findHistoryEntry(userId, id);
  if (!generation) return null;
  try {
    return toDetail(generation);
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/** Deletes one entry's text (its usage record stays); false when the user has no such entry. */
export async function deleteHistoryEntry(userId: string, id: string): Promise<boolean> {
  return (await removeHistoryText(userId, id)) === 1;
}

/** Deletes the text of every entry of the user; how many there were. */
export function deleteAllHistory(userId: string): Promise<number> {
  return removeHistoryText(userId);
}
