import "#server-only";
import { Types } from "mongoose";
import type { ChatCompletionChunk } from "together-ai/resources/chat/completions";
import type { DataAccess } from "@/lib/access";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { HttpError } from "@/lib/http";
import { classifyProviderError, togetherClient, type ProviderFailure } from "@/lib/together";
import { getPreferences } from "@/lib/users";
import { ownId } from "@/lib/access/shared";
import { openApiKeyForUse } from "@/lib/vault";
import { sealHistoryText } from "./history";
import { enforceGenerationLimits } from "./limits";
import { generationOptions } from "./options";
import type { Generation } from "./repository";
import {
  GENERATION_LANGUAGE_LABELS,
  streamEndMarker,
  type GenerateRequest,
  type GenerationOutcome,
  type StreamEndReason,
} from "./shared";

const PROVIDER = "Together AI";

/** A generation whose first token has arrived: its record's id, and its text as it streams. */
interface GenerationRun {
  id: string;
  /**
   * The answer's text, the first token included, as it arrives. When the
   * stream cannot finish (a stall, a provider failure, the length limit) the
   * last chunk is a marker line saying so. Ends when the person goes away
   * (the caller's signal) without a marker: nobody is left to read it.
   */
  chunks: AsyncGenerator<string, void, undefined>;
}

/** Why we ended the upstream request ourselves. */
type OwnReason = "stopped" | "timed_out" | "stalled";

function systemPrompt(language: GenerateRequest["language"]): string {
  const base =
    "You are KeyForge's code assistant. Answer with working, idiomatic code in fenced Markdown code blocks " +
    "tagged with their language, and keep explanations short.";
  return language ? `${base} Write the code in ${GENERATION_LANGUAGE_LABELS[language]}.` : base;
}

/** The HTTP error a failure before the first token becomes, and its outcome. */
function failureBeforeFirstToken(failure: ProviderFailure | { kind: OwnReason }): { outcome: GenerationOutcome; error: HttpError | null } {
  const { GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS } = getEnv();
  switch (failure.kind) {
    case "key_rejected":
      return { outcome: "key_rejected", error: HttpError.invalidApiKey(PROVIDER) };
    case "rate_limited":
      return { outcome: "provider_rate_limited", error: HttpError.providerRateLimited(PROVIDER, failure.retryAfterSeconds) };
    case "timed_out":
      return { outcome: "timed_out", error: HttpError.providerTimeout(PROVIDER, GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS) };
    case "stopped":
      return { outcome: "stopped", error: null };
    // "aborted" without a reason of ours, "stalled" (impossible before the first token) and plain failures.
    default:
      return { outcome: "provider_error", error: HttpError.providerError(PROVIDER) };
  }
}

/**
 * Starts a generation for the signed-in user with their own Together AI key
 * (403 for an admin viewing as them): checks the model against the
 * allow-list, the key, and the user's limits; calls the provider with
 * streaming on; and resolves once the first token has arrived.
 * Failures before that are thrown as HttpErrors (nothing has been sent yet).
 * `clientGone` aborts the upstream request at once, so no tokens keep being
 * paid for; the usage record then says "stopped". Every call that reached the
 * provider leaves a usage record, and the text goes to history when the user
 * keeps it.
 */
export async function startGeneration(data: DataAccess, input: GenerateRequest, clientGone: AbortSignal): Promise<GenerationRun> {
  const env = getEnv();
  const userId = ownId(data);
  const { models, defaultModel } = generationOptions();
  const model = input.model ?? defaultModel;
  if (!models.includes(model)) throw HttpError.invalidField("model", "Choose a model from the list");
  const stored = await openApiKeyForUse(data, "togetherAI");
  if (stored.status !== "ok") throw HttpError.noApiKey(PROVIDER, stored.status === "unreadable");
  const preferences = await getPreferences(data);
  if (!preferences) throw HttpError.accountNotFound();
  await enforceGenerationLimits(userId);

  const id = new Types.ObjectId();
  const startedAt = Date.now();
  let timeToFirstTokenMs: number | null = null;
  const save = (outcome: GenerationOutcome, output: string) =>
    saveGeneration(data, {
      generation: {
        _id: id,
        userId: new Types.ObjectId(userId),
        model,
        language: input.language ?? null,
        promptChars: input.prompt.length,
        outputChars: output.length,
        timeToFirstTokenMs,
        durationMs: Date.now() - startedAt,
        outcome,
        createdAt: new Date(startedAt),
      },
      text: preferences.keepGenerationHistory && output.length > 0 ? { prompt: input.prompt, output } : null,
    });

  const upstream = new AbortController();
  let ownReason: OwnReason | null = null;
  const endUpstream = (reason: OwnReason) => {
    ownReason ??= reason;
    upstream.abort();
  };
  const onClientGone = () => endUpstream("stopped");
  clientGone.addEventListener("abort", onClientGone, { once: true });
  if (clientGone.aborted) onClientGone();
  let timer = setTimeout(() => endUpstream("timed_out"), env.GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS * 1000);
  const release = () => {
    clearTimeout(timer);
    clientGone.removeEventListener("abort", onClientGone);
    upstream.abort();
  };

  let finishReason: string | null = null;
  let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
  /** The next piece of text, skipping chunks without any; null when the stream ended. */
  const nextText = async (): Promise<string | null> => {
    for (;;) {
      const { done, value } = await iterator!.next();
      if (done) return null;
      const choice = value.choices[0];
      finishReason = choice?.finish_reason ?? finishReason;
      const text = choice?.delta?.content;
      if (text) return text;
    }
  };

  let first: string | null;
  try {
    const stream = await togetherClient(stored.key, env.GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS * 1000).chat.completions.create(
      {
        model,
        messages: [
          { role: "system", content: systemPrompt(input.language) },
          { role: "user", content: input.prompt },
        ],
        stream: true,
        max_tokens: env.GENERATE_MAX_TOKENS,
      },
      { signal: upstream.signal },
    );
    iterator = stream[Symbol.asyncIterator]();
    first = await nextText();
    // The client stops iterating on abort as if the stream had ended.
    if (ownReason) throw new Error(`ended by us: ${ownReason}`);
  } catch (error) {
    release();
    const { outcome, error: httpError } = failureBeforeFirstToken(ownReason ? { kind: ownReason } : classifyProviderError(error));
    if (outcome === "provider_error") log.warn("generation.provider_failed", { userId, model, ...describeFailure(error) });
    await save(outcome, "");
    throw httpError ?? HttpError.badRequest("The request was stopped");
  }
  timeToFirstTokenMs = first === null ? null : Date.now() - startedAt;

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    const parts: string[] = [];
    let outcome: GenerationOutcome = "completed";
    const resetIdleTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => endUpstream("stalled"), env.GENERATE_IDLE_TIMEOUT_SECONDS * 1000);
    };
    let marker: StreamEndReason | null = null;
    try {
      for (let text = first; text !== null; text = await nextText()) {
        resetIdleTimer();
        parts.push(text);
        yield text;
      }
      if (ownReason === "stopped") outcome = "stopped";
      else if (ownReason) [outcome, marker] = ["stalled", "stalled"];
      // A stream that ends without a finish reason was cut short, whatever the transport said.
      else if (finishReason === null) [outcome, marker] = ["provider_error", "providerError"];
      else if (finishReason === "length") marker = "lengthLimit";
    } catch (error) {
      if (ownReason === "stopped") outcome = "stopped";
      else if (ownReason) [outcome, marker] = ["stalled", "stalled"];
      else {
        [outcome, marker] = ["provider_error", "providerError"];
        log.warn("generation.stream_failed", { userId, model, ...describeFailure(error) });
      }
    }
    try {
      if (marker) yield streamEndMarker(marker);
    } finally {
      release();
      await save(outcome, parts.join(""));
    }
  }

  return { id: id.toString(), chunks: chunks() };
}

/** What the log keeps of a provider failure: its kind and status, never its body (which may echo the request). */
function describeFailure(error: unknown): { error: string; status?: number } {
  const name = error instanceof Error ? error.name : typeof error;
  const status = typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : undefined;
  return status === undefined ? { error: name } : { error: name, status };
}

/** Stores the usage record (and history text) as the user's own; a failure is logged, never thrown: the answer has been given. */
async function saveGeneration(data: DataAccess, { generation, text }: { generation: Generation; text: { prompt: string; output: string } | null }) {
  const { _id: id, userId } = generation;
  try {
    const history = text
      ? { prompt: sealHistoryText(userId, id, "prompt", text.prompt), output: sealHistoryText(userId, id, "output", text.output) }
      : {};
    await data.generations.create({ ...generation, ...history });
    log.info("generation.finished", {
      userId: userId.toString(),
      model: generation.model,
      outcome: generation.outcome,
      timeToFirstTokenMs: generation.timeToFirstTokenMs,
      durationMs: generation.durationMs,
      outputChars: generation.outputChars,
    });
  } catch (error) {
    log.error("generation.record_failed", error, { userId: userId.toString(), generationId: id.toString() });
  }
}
