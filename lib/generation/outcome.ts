import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import { providerErrors, type ProviderFailure } from "@/lib/together";
import type { GenerationOutcome, StreamEndReason } from "./shared";

/**
 * How a generation ends, as one table: what happened to the upstream request
 * in, the usage record's outcome and what the client is told out. Pure, so
 * every row is a unit test (__tests__/lib/generation/outcome.test.ts);
 * run.ts and upstream-stream.ts only gather the facts.
 */

const PROVIDER = "Together AI";

/** Why we ended the upstream request ourselves: the person went away, no first token in time, no next one, or the server's shutdown deadline. */
export type OwnReason = "stopped" | "timed_out" | "stalled" | "shutdown";

/** What happened to the upstream request. */
export type UpstreamEnd =
  /** We aborted it; this wins over whatever the provider client reported next. */
  | { kind: "endedByUs"; reason: OwnReason }
  /** The provider call threw: an error answer, a lost connection, its own timeout. */
  | { kind: "failed"; failure: ProviderFailure }
  /** The stream ran out, with the finish reason of its last choice (null when none came). */
  | { kind: "ranOut"; finishReason: string | null };

/** An upstream request that did not run out: we ended it, or it failed. */
export type UpstreamCutShort = Exclude<UpstreamEnd, { kind: "ranOut" }>;

/** A generation that ends before its first token: nothing has been sent, so the client gets an HTTP error. */
interface EndBeforeFirstToken {
  outcome: GenerationOutcome;
  error: HttpError;
  /** Whether the provider's failure is worth a warning in the log. */
  logFailure: boolean;
}

/**
 * Before the first token. A stream that runs out without any text is not here:
 * it has started (an empty answer) and ends by `endOfStartedStream`.
 */
export function endBeforeFirstToken(end: UpstreamCutShort, firstTokenTimeoutSeconds: number): EndBeforeFirstToken {
  // Our own reason first: the provider client reports our abort as an end or an error of its own.
  const cause: ProviderFailure | { kind: OwnReason } = end.kind === "endedByUs" ? { kind: end.reason } : end.failure;
  switch (cause.kind) {
    case "key_rejected":
      return { outcome: "key_rejected", error: providerErrors.invalidApiKey(PROVIDER), logFailure: false };
    case "rate_limited":
      return { outcome: "provider_rate_limited", error: providerErrors.rateLimited(PROVIDER, cause.retryAfterSeconds), logFailure: false };
    // Ours (the first-token timer) or the client's own request timeout.
    case "timed_out":
      return { outcome: "timed_out", error: providerErrors.timedOut(PROVIDER, firstTokenTimeoutSeconds), logFailure: false };
    // Nobody reads this answer: the route sees that the person has gone.
    case "stopped":
      return { outcome: "stopped", error: HttpError.badRequest("The request was stopped"), logFailure: false };
    // The server is stopping: another instance (or this one, restarted) can take the same request.
    case "shutdown":
      return {
        outcome: "interrupted",
        error: new HttpError(503, ErrorCode.ServerStopping, "The server is restarting. Try again in a moment.", { headers: { "Retry-After": "5" } }),
        logFailure: false,
      };
    // "aborted" without a reason of ours, "stalled" (impossible before the first token) and plain failures.
    default:
      return { outcome: "provider_error", error: providerErrors.failed(PROVIDER), logFailure: true };
  }
}

/** A generation whose answer has started (the 200 is sent): how its text ends. */
export interface EndOfStartedStream {
  outcome: GenerationOutcome;
  /** The marker line that ends the text, saying why it is incomplete; null when there is nothing to say, or nobody to say it to. */
  marker: StreamEndReason | null;
  logFailure: boolean;
}

/** After the first token (or a stream that ran out with none). */
export function endOfStartedStream(end: UpstreamEnd): EndOfStartedStream {
  switch (end.kind) {
    case "endedByUs":
      // The person went away: no marker, nobody is left to read it. A first-token timer that fired just as the first token came counts as a stall.
      if (end.reason === "stopped") return { outcome: "stopped", marker: null, logFailure: false };
      if (end.reason === "shutdown") return { outcome: "interrupted", marker: "shutdown", logFailure: false };
      return { outcome: "stalled", marker: "stalled", logFailure: false };
    case "failed":
      return { outcome: "provider_error", marker: "providerError", logFailure: true };
    case "ranOut":
      // A stream that ends without a finish reason was cut short, whatever the transport said.
      if (end.finishReason === null) return { outcome: "provider_error", marker: "providerError", logFailure: false };
      return { outcome: "completed", marker: end.finishReason === "length" ? "lengthLimit" : null, logFailure: false };
  }
}
