import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { DecryptionError } from "@/lib/core/crypto";
import { HttpError } from "@/lib/http";
import { fitContext } from "./conversation-context";
import { openHistoryText, titleOf } from "./history";
import type { Generation } from "./repository";
import type { GenerateRequest } from "./shared";

/**
 * Where a generation goes in its conversation, and what is sent upstream for
 * it. Without `conversationId`, a new conversation starts. With one (the
 * caller's own: another's or an unknown one is 404 before anything is sent),
 * the latest version of each earlier turn becomes chat messages, the oldest
 * left out when they would not fit the model's context. `action` reworks the
 * last turn as a new version of it: "regenerate" answers its prompt again,
 * "edit" answers `prompt` instead, "continue" lets an answer cut at the
 * length limit go on (the new version holds the whole answer). Follow-ups
 * need history on: the server keeps no text otherwise (409).
 */

export type ChatMessage = { role: "user" | "assistant"; content: string };

const CONTINUE_INSTRUCTION = "Your answer was cut off. Continue exactly where it stopped, without repeating anything.";

export interface Thread {
  conversationId: Types.ObjectId;
  /** A conversation without a document yet (its first turn creates it, with `title`). */
  isNew: boolean;
  title: string;
  turn: number;
  version: number;
  /** The prompt the turn keeps. */
  prompt: string;
  /** What the stored answer starts with before the streamed text (the cut answer a "continue" goes on from). */
  outputBefore: string;
  /** Everything after the instructions, in order. */
  messages: ChatMessage[];
  /** Earlier turns left out to fit the context. */
  droppedTurns: number;
}

interface Fit {
  contextLength: number | null;
  maxTokens: number;
  instructions: string;
}

/** A turn with its text readable, latest version. */
interface ReadTurn {
  record: Generation;
  prompt: string;
  output: string;
}

export async function prepareThread(data: DataAccess, input: GenerateRequest, keepText: boolean, fit: Fit): Promise<Thread> {
  if (!input.conversationId) {
    if (input.action) throw HttpError.invalidField("action", "Start a conversation before you regenerate, continue or edit");
    return {
      conversationId: new Types.ObjectId(),
      isNew: true,
      title: titleOf(input.prompt),
      turn: 0,
      version: 1,
      prompt: input.prompt,
      outputBefore: "",
      messages: [{ role: "user", content: input.prompt }],
      droppedTurns: 0,
    };
  }
  if (!keepText) throw HttpError.conflict("Follow-ups need your history: turn on “Keep generation history” in Settings, or start a new conversation");
  const conversationId = new Types.ObjectId(input.conversationId);
  const userId = ownId(data);
  if (!(await data.conversations.findOne({ _id: conversationId, userId }, { select: ["_id"] }))) throw HttpError.notFound("No such conversation");

  const all = await data.generations.find({ userId, conversationId }, { select: ["_id", "turn", "version"] });
  const texts = await data.generations.reveal({ userId, conversationId, prompt: { $exists: true } }, ["prompt", "output"], {
    sort: { turn: 1, version: 1, createdAt: 1 },
  });
  const turns = latestVersions(texts);
  const last = turns.at(-1);
  const nextVersion = (turn: number) => 1 + Math.max(0, ...all.filter((record) => record.turn === turn).map((record) => record.version ?? 1));

  if (!input.action || !last) {
    if (input.action) throw HttpError.conflict("This conversation has no answer to rework yet");
    const turn = 1 + Math.max(-1, ...all.map((record) => record.turn ?? 0));
    return threadOf(conversationId, turns, { turn, version: 1, prompt: input.prompt, outputBefore: "", tail: [] }, fit);
  }
  const turn = last.record.turn ?? 0;
  const earlier = turns.slice(0, -1);
  const version = nextVersion(turn);
  switch (input.action) {
    case "regenerate":
      return threadOf(conversationId, earlier, { turn, version, prompt: last.prompt, outputBefore: "", tail: [] }, fit);
    case "edit":
      return threadOf(conversationId, earlier, { turn, version, prompt: input.prompt, outputBefore: "", tail: [] }, fit);
    case "continue":
      if (last.record.finishReason !== "length") throw HttpError.conflict("Only an answer cut at the length limit can continue");
      return threadOf(
        conversationId,
        earlier,
        {
          turn,
          version,
          prompt: last.prompt,
          outputBefore: last.output,
          tail: [
            { role: "assistant", content: last.output },
            { role: "user", content: CONTINUE_INSTRUCTION },
          ],
        },
        fit,
      );
  }
}

/** The latest readable version of each turn, in turn order (records sorted by turn, then version). */
function latestVersions(records: Generation[]): ReadTurn[] {
  const byTurn = new Map<number, ReadTurn>();
  for (const record of records) {
    try {
      const prompt = record.prompt ? openHistoryText(record, "prompt", record.prompt) : "";
      const output = record.output ? openHistoryText(record, "output", record.output) : "";
      byTurn.set(record.turn ?? 0, { record, prompt, output });
    } catch (error) {
      // A version that no longer decrypts (a retired key) is left out; an older one may stand in.
      if (!(error instanceof DecryptionError)) throw error;
    }
  }
  return [...byTurn.entries()].sort(([a], [b]) => a - b).map(([, turn]) => turn);
}

function threadOf(
  conversationId: Types.ObjectId,
  earlier: ReadTurn[],
  next: { turn: number; version: number; prompt: string; outputBefore: string; tail: ChatMessage[] },
  fit: Fit,
): Thread {
  const { kept, dropped } = fitContext(earlier, {
    contextLength: fit.contextLength,
    maxTokens: fit.maxTokens,
    alwaysSent: [fit.instructions, next.prompt, ...next.tail.map((message) => message.content)],
  });
  const messages: ChatMessage[] = kept.flatMap(({ prompt, output }): ChatMessage[] => [
    { role: "user", content: prompt },
    { role: "assistant", content: output },
  ]);
  messages.push({ role: "user", content: next.prompt }, ...next.tail);
  return {
    conversationId,
    isNew: false,
    title: "",
    turn: next.turn,
    version: next.version,
    prompt: next.prompt,
    outputBefore: next.outputBefore,
    messages,
    droppedTurns: dropped,
  };
}
