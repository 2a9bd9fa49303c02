import "#server-only";
import type { Types } from "mongoose";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import type { EncryptedValue, Generation } from "./repository";
import type { GenerationDetailResponse, GenerationSummary } from "./shared";

/**
 * History text at rest: prompt and output encrypted with the vault's keys
 * (ENCRYPTION_KEYS, rotated by `npm run rotate-keys`), each bound to its
 * owner, its record and its field, so a document copied to another user (or
 * a prompt moved into an output) does not decrypt. A conversation's turn is
 * also bound to its conversation and its place in it, so a turn moved to
 * another conversation (or turn) does not decrypt either; records from
 * before conversations keep their binding.
 */

type HistoryField = "prompt" | "output";

/** Where a turn sits in its conversation; absent on records from before conversations. */
interface TurnPlace {
  conversationId: Types.ObjectId | string;
  turn: number;
}

function historyBinding(userId: Types.ObjectId | string, generationId: Types.ObjectId | string, field: HistoryField, place?: TurnPlace): string {
  const thread = place ? `/conversation:${place.conversationId.toString()}/turn:${place.turn}` : "";
  return `user:${userId.toString()}${thread}/generation:${generationId.toString()}/${field}`;
}

/** The record's place, when it has one (both fields). */
export function placeOf(generation: Pick<Generation, "conversationId" | "turn">): TurnPlace | undefined {
  const { conversationId, turn } = generation;
  return conversationId !== undefined && turn !== undefined ? { conversationId, turn } : undefined;
}

export function sealHistoryText(
  userId: Types.ObjectId | string,
  generationId: Types.ObjectId,
  field: HistoryField,
  text: string,
  place?: TurnPlace,
): EncryptedValue {
  return encryptSecret(text, historyBinding(userId, generationId, field, place), getEnv().ENCRYPTION_KEYS);
}

/** The plaintext, or throws DecryptionError. */
export function openHistoryText(generation: Pick<Generation, "_id" | "userId" | "conversationId" | "turn">, field: HistoryField, value: EncryptedValue): string {
  return decryptSecret(value, historyBinding(generation.userId, generation._id, field, placeOf(generation)), getEnv().ENCRYPTION_KEYS);
}

const TITLE_LENGTH = 80;

/** A prompt's first line, shortened for a list (a conversation's title too). */
export function titleOf(prompt: string): string {
  const line = prompt.trim().split("\n", 1)[0] ?? "";
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

/** An entry's usage record, none of its text. */
export function usageOf(generation: Generation): Omit<GenerationSummary, "title"> {
  return {
    id: generation._id.toString(),
    createdAt: generation.createdAt.toISOString(),
    model: generation.model,
    language: generation.language ?? null,
    outcome: generation.outcome,
    promptChars: generation.promptChars,
    outputChars: generation.outputChars,
    timeToFirstTokenMs: generation.timeToFirstTokenMs ?? null,
    durationMs: generation.durationMs,
    usage: generation.usage ?? null,
    costUsd: generation.costUsd ?? null,
    finishReason: generation.finishReason ?? null,
  };
}

function summaryOf(generation: Generation, prompt: string): GenerationSummary {
  return { ...usageOf(generation), title: titleOf(prompt) };
}

/** The list view of an entry with text (throws DecryptionError when it does not decrypt). */
export function toSummary(generation: Generation): GenerationSummary {
  return summaryOf(generation, generation.prompt ? openHistoryText(generation, "prompt", generation.prompt) : "");
}

/** The full view of an entry with text (throws DecryptionError when it does not decrypt). */
export function toDetail(generation: Generation): GenerationDetailResponse["generation"] {
  const prompt = generation.prompt ? openHistoryText(generation, "prompt", generation.prompt) : "";
  const output = generation.output ? openHistoryText(generation, "output", generation.output) : "";
  return { ...summaryOf(generation, prompt), prompt, output };
}
