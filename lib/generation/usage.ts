import "#server-only";
import type { CompletionCreateParamsStreaming } from "together-ai/resources/chat/completions";
import { log } from "@/lib/core/log";
import { modelInfo } from "@/lib/model-catalog";
import { estimateCostUsd } from "@/lib/model-catalog/shared";
import type { GenerationOutcome, TokenUsage } from "./shared";

/**
 * A generation's tokens and estimated cost: asked for in the stream, read
 * from its last chunk, and kept only when the answer ran to its end. A
 * stream that was stopped, stalled, cut or failed sends no count, and an
 * unknown count is recorded as null, never as zero.
 */

/**
 * OpenAI's `stream_options`, which Together honours: with `include_usage`
 * the stream ends with a chunk without choices that carries the token
 * counts. together-ai's request type does not declare it yet.
 */
interface StreamOptions {
  stream_options: { include_usage: true };
}

/** The streaming request, asking for the token counts at its end. */
export function withUsageInStream<P extends CompletionCreateParamsStreaming>(params: P): P & StreamOptions {
  return { ...params, stream_options: { include_usage: true } };
}

/** The counts part of a chunk (together-ai's `ChatCompletionChunk.usage`). */
export interface ChunkUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}

const isCount = (value: number | null | undefined): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

/** A chunk's token counts, when it carries both as whole numbers. */
export function usageFromChunk(usage: ChunkUsage | null | undefined): TokenUsage | null {
  if (!usage || !isCount(usage.prompt_tokens) || !isCount(usage.completion_tokens)) return null;
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
}

/** The counts to record: the provider's, only for an answer that ran to its end (a length cut included). */
export function recordedUsage(outcome: GenerationOutcome, reported: TokenUsage | null): TokenUsage | null {
  return outcome === "completed" ? reported : null;
}

/**
 * The estimated cost of `usage` in USD, at the model's price from the
 * catalog (read with the user's key when its cache is cold); null when
 * either is unknown. Never throws: the answer has been given. (`catalog`
 * is replaceable for the unit test.)
 */
export async function estimatedCost(model: string, apiKey: string, usage: TokenUsage | null, catalog = modelInfo): Promise<number | null> {
  if (!usage) return null;
  try {
    return estimateCostUsd(usage, (await catalog(model, apiKey))?.pricing ?? null);
  } catch (error) {
    log.warn("generation.price_unknown", { model, error: error instanceof Error ? error.name : typeof error });
    return null;
  }
}
