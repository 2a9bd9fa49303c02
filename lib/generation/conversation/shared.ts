import { z } from "zod";
import type { GenerationLanguage, GenerationOutcome, TokenUsage } from "../shared";

/** Conversations' request schemas and response shapes (browser-safe; re-exported by shared.ts). */

const CONVERSATION_TITLE_MAX_LENGTH = 200;
const SEARCH_MAX_LENGTH = 200;

/** `PATCH /api/user/conversations/<id>`. */
export const conversationRenameSchema = z.strictObject({
  title: z
    .string("Write a title")
    .transform((value) => value.trim())
    .refine((value) => value.length > 0, "Write a title")
    .refine((value) => value.length <= CONVERSATION_TITLE_MAX_LENGTH, `Use at most ${CONVERSATION_TITLE_MAX_LENGTH} characters`),
});

/** `GET /api/user/conversations?query=&before=`: `query` searches titles, `before` is the previous page's nextCursor. */
export const conversationListQuerySchema = z.object({
  query: z.string("Search with text").max(SEARCH_MAX_LENGTH, `Use at most ${SEARCH_MAX_LENGTH} characters`).optional(),
  before: z
    .string("Use the nextCursor of the previous page")
    .regex(/^\d{1,15}\.[0-9a-f]{24}$/, "Use the nextCursor of the previous page")
    .optional(),
});

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: string;
  /** How many turns it has. */
  turns: number;
}

export interface ConversationListResponse {
  conversations: ConversationSummary[];
  /** Pass as `before` for the next page; null when there is none. */
  nextCursor: string | null;
}

/** One version of a turn: an answer to its prompt (or an edited prompt). */
export interface ConversationTurnVersion {
  id: string;
  version: number;
  prompt: string;
  output: string;
  model: string;
  language: GenerationLanguage | null;
  usage: TokenUsage | null;
  costUsd: number | null;
  outcome: GenerationOutcome;
  /** "length" when the answer was cut at the length limit (it can continue). */
  finishReason: string | null;
  createdAt: string;
}

/** A turn as its latest version, with every version (oldest first, the latest last) for "2 of 2". */
export interface ConversationTurn extends ConversationTurnVersion {
  turn: number;
  versions: ConversationTurnVersion[];
}

/** `GET /api/user/conversations/<id>`. */
export interface ConversationResponse {
  id: string;
  title: string;
  updatedAt: string;
  turns: ConversationTurn[];
}

/** The longest run of backticks in `text`, so a fence around it is one longer. */
function longestBacktickRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map(([run]) => run.length));
}

/**
 * A conversation as Markdown ("Copy as Markdown", "Download .md"): the title,
 * then each turn's prompt as a quote-free section and its latest answer as
 * written (it is Markdown already). A prompt is put in a fence longer than any
 * backtick run inside it, so code in a prompt cannot break the document.
 */
export function conversationToMarkdown(conversation: Pick<ConversationResponse, "title" | "turns">): string {
  const parts = [`# ${conversation.title.replace(/\s+/g, " ").trim()}`];
  for (const [index, turn] of conversation.turns.entries()) {
    const fence = "`".repeat(Math.max(3, longestBacktickRun(turn.prompt) + 1));
    parts.push(`## Prompt ${index + 1}`, `${fence}text\n${turn.prompt}\n${fence}`, `## Answer ${index + 1} (${turn.model})`, turn.output.trimEnd());
  }
  return `${parts.join("\n\n")}\n`;
}

/** A file name for a conversation's Markdown: its title in safe characters. */
export function conversationFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "conversation"}.md`;
}
