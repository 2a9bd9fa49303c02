import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { HttpError } from "@/lib/http";
import { togetherClient } from "@/lib/together";
import { getPreferences } from "@/lib/users";
import { ownId } from "@/lib/access/shared";
import { openApiKeyForUse, vaultErrors } from "@/lib/vault";
import { modelInfo } from "@/lib/model-catalog";
import { sealTitle } from "./conversation-store";
import { prepareThread, type Thread } from "./conversation-thread";
import { sealHistoryText } from "./history";
import { enforceGenerationLimits } from "./limits";
import { generationOptions } from "./options";
import { samplingParameters, systemMessage, type SamplingParameters } from "./parameters";
import { endBeforeFirstToken, endOfStartedStream, type EndOfStartedStream } from "./outcome";
import type { Generation } from "./repository";
import { streamEndMarker, type GenerateRequest, type GenerationOutcome, type TokenUsage } from "./shared";
import { UpstreamStream } from "./upstream-stream";
import { estimatedCost, recordedUsage, withUsageInStream } from "./usage";

const PROVIDER = "Together AI";

/** A generation whose first token has arrived: its record's id, and its text as it streams. */
interface GenerationRun {
  id: string;
  conversationId: string;
  /** Earlier turns of the conversation left out to fit the model's context. */
  droppedTurns: number;
  /**
   * The answer's text, the first token included, as it arrives. When the
   * stream cannot finish (a stall, a provider failure, the length limit) the
   * last chunk is a marker line saying so. Ends when the person goes away
   * (the caller's signal) without a marker: nobody is left to read it.
   */
  chunks: AsyncGenerator<string, void, undefined>;
}

/** What a generation's usage record needs, fixed when it starts. */
interface RunRecord {
  data: DataAccess;
  id: Types.ObjectId;
  userId: string;
  model: string;
  input: GenerateRequest;
  sampling: SamplingParameters;
  keepText: boolean;
  startedAt: number;
  thread: Thread;
  /** The estimated cost of the answer's tokens (usage.ts), priced with the user's key; never throws. */
  costOf: (usage: TokenUsage | null) => Promise<number | null>;
}

/** What the stream told of itself: how it ended, and what the provider counted and said at its end. */
interface RunEnding {
  outcome: GenerationOutcome;
  output: string;
  timeToFirstTokenMs: number | null;
  upstream: UpstreamStream;
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
 * keeps it. How each way of ending is recorded and told is outcome.ts's table.
 */
export async function startGeneration(data: DataAccess, input: GenerateRequest, clientGone: AbortSignal): Promise<GenerationRun> {
  const env = getEnv();
  const userId = ownId(data);
  const { models, defaultModel } = await generationOptions();
  const model = input.model ?? defaultModel;
  if (!models.includes(model)) throw HttpError.invalidField("model", "Choose a model from the list");
  const sampling = samplingParameters(input, env.GENERATE_MAX_TOKENS);
  const stored = await openApiKeyForUse(data, "togetherAI");
  if (stored.status !== "ok") throw vaultErrors.noApiKey(PROVIDER, stored.status === "unreadable");
  const preferences = await getPreferences(data);
  if (!preferences) throw HttpError.accountNotFound();
  const maxTokens = sampling.max_tokens;
  const instructions = systemMessage(input);
  const info = input.conversationId ? await modelInfo(model, stored.key) : null;
  const thread = await prepareThread(data, input, preferences.keepGenerationHistory, { contextLength: info?.contextLength ?? null, maxTokens, instructions });
  await enforceGenerationLimits(userId);

  const run: RunRecord = {
    data,
    id: new Types.ObjectId(),
    userId,
    model,
    input,
    sampling,
    keepText: preferences.keepGenerationHistory,
    startedAt: Date.now(),
    thread,
    // A follow-up already read the model's catalog entry (its context length): the price comes from the same read.
    costOf: (usage) => estimatedCost(model, stored.key, usage, info ? async () => info : modelInfo),
  };
  const upstream = new UpstreamStream(clientGone);
  upstream.endAfter(env.GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS * 1000, "timed_out");
  let first: string | null;
  try {
    const stream = await togetherClient(stored.key, env.GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS * 1000).chat.completions.create(
      withUsageInStream({
        model,
        messages: [{ role: "system", content: instructions }, ...thread.messages],
        stream: true,
        ...sampling,
      }),
      { signal: upstream.signal },
    );
    upstream.read(stream);
    first = await upstream.nextText();
    // The client stops iterating on abort as if the stream had ended.
    if (upstream.endedBy) throw new Error(`ended by us: ${upstream.endedBy}`);
  } catch (error) {
    upstream.release();
    const ending = endBeforeFirstToken(upstream.howItEnded({ error }), env.GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS);
    if (ending.logFailure) log.warn("generation.provider_failed", { userId, model, ...describeFailure(error) });
    await saveGeneration(run, { outcome: ending.outcome, output: "", timeToFirstTokenMs: null, upstream });
    throw ending.error;
  }
  const timeToFirstTokenMs = first === null ? null : Date.now() - run.startedAt;
  const chunks = streamAnswer(run, upstream, first, { timeToFirstTokenMs, idleTimeoutMs: env.GENERATE_IDLE_TIMEOUT_SECONDS * 1000 });
  return { id: run.id.toString(), conversationId: thread.conversationId.toString(), droppedTurns: thread.droppedTurns, chunks };
}

/**
 * The answer from its first piece of text on (none when the stream ran out
 * without any): each piece restarts the idle timer, and the end is
 * outcome.ts's: a marker line when the text is incomplete, then the usage
 * record.
 */
async function* streamAnswer(
  run: RunRecord,
  upstream: UpstreamStream,
  first: string | null,
  { timeToFirstTokenMs, idleTimeoutMs }: { timeToFirstTokenMs: number | null; idleTimeoutMs: number },
): AsyncGenerator<string, void, undefined> {
  const parts: string[] = [];
  let ending: EndOfStartedStream;
  try {
    for (let text = first; text !== null; text = await upstream.nextText()) {
      upstream.endAfter(idleTimeoutMs, "stalled");
      parts.push(text);
      yield text;
    }
    ending = endOfStartedStream(upstream.howItEnded());
  } catch (error) {
    ending = endOfStartedStream(upstream.howItEnded({ error }));
    if (ending.logFailure) log.warn("generation.stream_failed", { userId: run.userId, model: run.model, ...describeFailure(error) });
  }
  try {
    if (ending.marker) yield streamEndMarker(ending.marker);
  } finally {
    upstream.release();
    await saveGeneration(run, { outcome: ending.outcome, output: parts.join(""), timeToFirstTokenMs, upstream });
  }
}

/** What the log keeps of a provider failure: its kind and status, never its body (which may echo the request). */
function describeFailure(error: unknown): { error: string; status?: number } {
  const name = error instanceof Error ? error.name : typeof error;
  const status = typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : undefined;
  return status === undefined ? { error: name } : { error: name, status };
}

/** Stores the usage record (and history text) as the user's own; a failure is logged, never thrown: the answer has been given. */
async function saveGeneration(run: RunRecord, { outcome, output, timeToFirstTokenMs, upstream }: RunEnding) {
  const { data, id, input, thread } = run;
  const userId = new Types.ObjectId(run.userId);
  const durationMs = Date.now() - run.startedAt;
  const usage = recordedUsage(outcome, upstream.usage);
  const generation: Generation = {
    _id: id,
    userId,
    model: run.model,
    language: input.language ?? null,
    promptChars: thread.prompt.length,
    outputChars: output.length,
    timeToFirstTokenMs,
    durationMs,
    outcome,
    createdAt: new Date(run.startedAt),
    temperature: run.sampling.temperature ?? null,
    maxTokens: run.sampling.max_tokens,
    conversationId: thread.conversationId,
    turn: thread.turn,
    version: thread.version,
    usage,
    costUsd: await run.costOf(usage),
    finishReason: upstream.finishReason,
  };
  try {
    const keep = run.keepText && output.length > 0;
    const place = { conversationId: thread.conversationId, turn: thread.turn };
    const history = keep
      ? { prompt: sealHistoryText(userId, id, "prompt", thread.prompt, place), output: sealHistoryText(userId, id, "output", thread.outputBefore + output, place) }
      : {};
    await data.generations.create({ ...generation, ...history });
    if (keep) await touchConversation(run);
    log.info("generation.finished", {
      userId: run.userId,
      model: generation.model,
      outcome,
      timeToFirstTokenMs,
      durationMs: generation.durationMs,
      outputChars: generation.outputChars,
    });
  } catch (error) {
    log.error("generation.record_failed", error, { userId: run.userId, generationId: id.toString() });
  }
}

/** A conversation's document: created with its first kept turn (its title sealed), else marked as just used. */
async function touchConversation({ data, userId, thread }: RunRecord) {
  const now = new Date();
  if (thread.isNew) {
    const title = sealTitle(userId, thread.conversationId, thread.title);
    await data.conversations.create({ _id: thread.conversationId, userId: new Types.ObjectId(userId), title, createdAt: now, updatedAt: now });
  } else {
    await data.conversations.updateOne({ _id: thread.conversationId, userId: new Types.ObjectId(userId) }, { $set: { updatedAt: now } });
  }
}
