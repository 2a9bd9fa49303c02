import "#server-only";
import { shutdownDeadline } from "@/lib/core/lifecycle";
import { realSchedule, type Schedule } from "@/lib/core/schedule";
import { classifyProviderError } from "@/lib/together";
import type { OwnReason, UpstreamCutShort, UpstreamEnd } from "./outcome";
import type { TokenUsage } from "./shared";
import { usageFromChunk, type ChunkUsage } from "./usage";

/** The part of a streamed chat-completion chunk read here (together-ai's `ChatCompletionChunk` has it). */
export interface StreamChunk {
  choices: ReadonlyArray<{ delta?: { content?: string | null } | null; finish_reason?: string | null }>;
  /** The token counts, on the last chunk (no choices) when the request asked for them. */
  usage?: ChunkUsage | null;
}

/**
 * One generation's upstream request: the signal that aborts it, the one
 * timer that ends it when the provider is silent for too long (for the first
 * token, then for each next one), and its text chunk by chunk. It ends the
 * request the moment the person goes away (`clientGone`), so no tokens keep
 * being paid for, or when a stopping server's time for requests in flight is
 * up (`shutdownDeadline`), and remembers why it ended it: the first reason wins.
 */
export class UpstreamStream {
  readonly #request = new AbortController();
  readonly #clientGone: AbortSignal;
  readonly #schedule: Schedule;
  #endedBy: OwnReason | null = null;
  #finishReason: string | null = null;
  #usage: TokenUsage | null = null;
  #cancelTimer: () => void = () => {};
  #chunks: AsyncIterator<StreamChunk> | null = null;
  readonly #onClientGone = () => this.end("stopped");
  readonly #deadline = shutdownDeadline();
  readonly #onDeadline = () => this.end("shutdown");

  constructor(clientGone: AbortSignal, schedule: Schedule = realSchedule) {
    this.#clientGone = clientGone;
    this.#schedule = schedule;
    clientGone.addEventListener("abort", this.#onClientGone, { once: true });
    if (clientGone.aborted) this.#onClientGone();
    this.#deadline.addEventListener("abort", this.#onDeadline, { once: true });
    if (this.#deadline.aborted) this.#onDeadline();
  }

  /** Pass to the provider call: aborts it when we end the request. */
  get signal(): AbortSignal {
    return this.#request.signal;
  }

  /** Why we ended the request, if we did. */
  get endedBy(): OwnReason | null {
    return this.#endedBy;
  }

  /** Why the provider ended its answer ("stop", "length"…), when it said. */
  get finishReason(): string | null {
    return this.#finishReason;
  }

  /** The token counts the provider reported, if any chunk carried them. */
  get usage(): TokenUsage | null {
    return this.#usage;
  }

  /** Ends the upstream request for `reason` (only the first reason is kept). */
  end(reason: OwnReason): void {
    this.#endedBy ??= reason;
    this.#request.abort();
  }

  /** (Re)starts the one timer: unless it is restarted or released first, the request ends for `reason` after `ms`. */
  endAfter(ms: number, reason: "timed_out" | "stalled"): void {
    this.#cancelTimer();
    this.#cancelTimer = this.#schedule(() => this.end(reason), ms);
  }

  /** Starts reading the provider's stream. */
  read(chunks: AsyncIterable<StreamChunk>): void {
    this.#chunks = chunks[Symbol.asyncIterator]();
  }

  /** The next piece of text, skipping chunks without any; null when the stream ran out. Throws what the provider client throws. */
  async nextText(): Promise<string | null> {
    if (!this.#chunks) throw new Error("UpstreamStream.nextText before read");
    for (;;) {
      const { done, value } = await this.#chunks.next();
      if (done) return null;
      const choice = value.choices[0];
      this.#finishReason = choice?.finish_reason ?? this.#finishReason;
      this.#usage = usageFromChunk(value.usage) ?? this.#usage;
      const text = choice?.delta?.content;
      if (text) return text;
    }
  }

  /**
   * How the request ended, once `nextText` returned null or threw `thrown`:
   * our own reason first (the provider client reports our abort as an end or
   * an error of its own), then the failure, else it ran out.
   */
  howItEnded(thrown: { error: unknown }): UpstreamCutShort;
  howItEnded(): UpstreamEnd;
  howItEnded(thrown?: { error: unknown }): UpstreamEnd {
    if (this.#endedBy) return { kind: "endedByUs", reason: this.#endedBy };
    if (thrown) return { kind: "failed", failure: classifyProviderError(thrown.error) };
    return { kind: "ranOut", finishReason: this.#finishReason };
  }

  /** Done with it: stops the timer, stops listening to the client, and aborts the request if it is still open. */
  release(): void {
    this.#cancelTimer();
    this.#clientGone.removeEventListener("abort", this.#onClientGone);
    this.#deadline.removeEventListener("abort", this.#onDeadline);
    this.#request.abort();
  }
}
