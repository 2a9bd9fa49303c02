import "#server-only";
import { Types } from "mongoose";
import type { z } from "zod";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { DecryptionError } from "@/lib/core/crypto";
import { openTitle, sealTitle, type Conversation } from "./conversation-store";
import { openHistoryText } from "./history";
import type { Generation } from "./repository";
import { removeText, withText } from "./repository";
import type {
  ConversationListResponse,
  ConversationResponse,
  ConversationSummary,
  ConversationTurn,
  ConversationTurnVersion,
  conversationListQuerySchema,
} from "./shared";

/**
 * A person's conversations, through the data door by their own id: listed
 * last used first in pages, searched by title, opened with every turn's
 * versions, renamed and deleted (the turns' text goes, their usage records stay).
 * Titles are encrypted, so a search decrypts the user's titles on the server,
 * a bounded number per request: a page may come back short, with a cursor to
 * search on from.
 */

const PAGE_SIZE = 20;
/** Titles one search request decrypts at most. */
const SEARCH_SCAN_LIMIT = 500;
const SEARCH_BATCH = 100;
const UNREADABLE_TITLE = "This conversation can no longer be read";

type Stored = Pick<Conversation, "_id" | "userId" | "title" | "updatedAt">;

function cursorOf(conversation: Pick<Conversation, "_id" | "updatedAt">): string {
  return `${conversation.updatedAt.getTime()}.${conversation._id.toString()}`;
}

function after(cursor: string | undefined) {
  if (!cursor) return {};
  const [ms, id] = cursor.split(".");
  const updatedAt = new Date(Number(ms));
  return { $or: [{ updatedAt: { $lt: updatedAt } }, { updatedAt, _id: { $lt: new Types.ObjectId(id) } }] };
}

function titleOrUnreadable(conversation: Stored): string {
  try {
    return openTitle(conversation);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    return UNREADABLE_TITLE;
  }
}

export async function listConversations(data: DataAccess, query: z.infer<typeof conversationListQuerySchema>): Promise<ConversationListResponse> {
  const userId = ownId(data);
  const search = query.query?.trim().toLocaleLowerCase() ?? "";
  const page = (before: string | undefined, limit: number) =>
    data.conversations.reveal({ userId, ...after(before) }, ["title"], { sort: { updatedAt: -1, _id: -1 }, limit });

  if (!search) {
    const found = await page(query.before, PAGE_SIZE + 1);
    const shown = found.slice(0, PAGE_SIZE).map((conversation) => ({ conversation, title: titleOrUnreadable(conversation) }));
    return withTurnCounts(data, shown, found.length > PAGE_SIZE ? cursorOf(shown.at(-1)!.conversation) : null);
  }
  const matches: { conversation: Stored; title: string }[] = [];
  let cursor = query.before;
  for (let scanned = 0; scanned < SEARCH_SCAN_LIMIT; ) {
    const batch = await page(cursor, SEARCH_BATCH);
    for (const conversation of batch) {
      scanned += 1;
      cursor = cursorOf(conversation);
      const title = titleOrUnreadable(conversation);
      if (title.toLocaleLowerCase().includes(search)) matches.push({ conversation, title });
      if (matches.length === PAGE_SIZE) return withTurnCounts(data, matches, cursor);
    }
    if (batch.length < SEARCH_BATCH) return withTurnCounts(data, matches, null);
  }
  // The scan's bound: the next request searches on from the last title read.
  return withTurnCounts(data, matches, cursor ?? null);
}

async function withTurnCounts(data: DataAccess, shown: { conversation: Stored; title: string }[], nextCursor: string | null): Promise<ConversationListResponse> {
  const ids = shown.map(({ conversation }) => conversation._id);
  const turns = new Map<string, Set<number>>();
  if (ids.length > 0) {
    const records = await data.generations.find({ userId: ownId(data), conversationId: { $in: ids }, ...withText }, { select: ["conversationId", "turn"] });
    for (const record of records) {
      const key = record.conversationId?.toString() ?? "";
      turns.set(key, (turns.get(key) ?? new Set()).add(record.turn ?? 0));
    }
  }
  const conversations = shown.map(
    ({ conversation, title }): ConversationSummary => ({
      id: conversation._id.toString(),
      title,
      updatedAt: conversation.updatedAt.toISOString(),
      turns: turns.get(conversation._id.toString())?.size ?? 0,
    }),
  );
  return { conversations, nextCursor };
}

function versionOf(record: Generation): ConversationTurnVersion {
  return {
    id: record._id.toString(),
    version: record.version ?? 1,
    prompt: record.prompt ? openHistoryText(record, "prompt", record.prompt) : "",
    output: record.output ? openHistoryText(record, "output", record.output) : "",
    model: record.model,
    language: record.language ?? null,
    usage: record.usage ?? null,
    costUsd: record.costUsd ?? null,
    outcome: record.outcome,
    finishReason: record.finishReason ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}

/** One conversation with its turns; null when it is not the user's. Versions that no longer decrypt are left out. */
export async function getConversation(data: DataAccess, id: string): Promise<ConversationResponse | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const userId = ownId(data);
  const [conversation] = await data.conversations.reveal({ _id: new Types.ObjectId(id), userId }, ["title"]);
  if (!conversation) return null;
  const records = await data.generations.reveal({ userId, conversationId: conversation._id, ...withText }, ["prompt", "output"], {
    sort: { turn: 1, version: 1, createdAt: 1 },
  });
  const byTurn = new Map<number, ConversationTurnVersion[]>();
  for (const record of records) {
    try {
      const versions = byTurn.get(record.turn ?? 0) ?? [];
      versions.push(versionOf(record));
      byTurn.set(record.turn ?? 0, versions);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
    }
  }
  const turns = [...byTurn.entries()]
    .sort(([a], [b]) => a - b)
    .map(([turn, versions]): ConversationTurn => ({ ...versions.at(-1)!, turn, versions }));
  return { id, title: titleOrUnreadable(conversation), updatedAt: conversation.updatedAt.toISOString(), turns };
}

/** Every conversation of the signed-in user for their data export, oldest first (titles are short; no paging). */
export async function conversationsForExport(data: DataAccess): Promise<{ id: string; title: string; createdAt: string; updatedAt: string }[]> {
  const all = await data.conversations.reveal({ userId: ownId(data) }, ["title"], { sort: { createdAt: 1, _id: 1 } });
  return all.map((conversation) => ({
    id: conversation._id.toString(),
    title: titleOrUnreadable(conversation),
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  }));
}

/** Renames the user's conversation; false when there is no such conversation of theirs. */
export async function renameConversation(data: DataAccess, id: string, title: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  const userId = ownId(data);
  const _id = new Types.ObjectId(id);
  return (await data.conversations.updateOne({ _id, userId }, { $set: { title: sealTitle(userId, _id, title) } })) !== null;
}

/** Deletes the user's conversation: its turns' text goes, their usage records stay; false when there is no such conversation of theirs. */
export async function deleteConversation(data: DataAccess, id: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  const userId = ownId(data);
  const _id = new Types.ObjectId(id);
  if (!(await data.conversations.findOne({ _id, userId }, { select: ["_id"] }))) return false;
  await data.generations.updateMany({ userId, conversationId: _id, ...withText }, removeText());
  return data.conversations.deleteOne({ _id, userId });
}
