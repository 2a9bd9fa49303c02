import "#server-only";
import Together, { APIConnectionTimeoutError, APIError, APIUserAbortError, AuthenticationError, PermissionDeniedError, RateLimitError } from "together-ai";
import { getEnv } from "@/lib/core/env";
import { parseRetryAfter } from "@/lib/http/shared";

/**
 * Together AI's OpenAI-compatible API through its official client, at
 * TOGETHER_API_BASE_URL (any OpenAI-compatible endpoint works). One client
 * per call, built with the user's own key: the key lives for one request.
 * The client's automatic retries are off (a retry would be paid for by the
 * user, and would hide a stall behind another wait) and so is its logging.
 */
export function togetherClient(apiKey: string, timeoutMs: number): Together {
  return new Together({
    apiKey,
    baseURL: getEnv().TOGETHER_API_BASE_URL,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: "off",
  });
}

/** What went wrong with a provider call, in the terms the app answers with. */
export type ProviderFailure =
  | { kind: "key_rejected" }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  /** Our own signal ended it (the caller knows why). */
  | { kind: "aborted" }
  | { kind: "timed_out" }
  | { kind: "failed"; status: number | null };

/** Used when the provider rate-limits without saying for how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;
/** The longest wait passed on; a provider asking for more gets asked again after this. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/** `Retry-After` (seconds or an HTTP date), or `retry-after-ms`, as whole seconds from now (at least 1). */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number {
  const value = headers?.get("retry-after")?.trim();
  const milliseconds = Number(headers?.get("retry-after-ms"));
  const fromMilliseconds = Number.isFinite(milliseconds) && milliseconds > 0 ? Math.ceil(milliseconds / 1000) : null;
  const seconds = value ? parseRetryAfter(value, now) : fromMilliseconds;
  if (seconds === null) return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}

/** Classifies anything a Together call threw. */
export function classifyProviderError(error: unknown): ProviderFailure {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return { kind: "key_rejected" };
  if (error instanceof RateLimitError) return { kind: "rate_limited", retryAfterSeconds: retryAfterSeconds(error.headers) };
  if (error instanceof APIConnectionTimeoutError) return { kind: "timed_out" };
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === "AbortError")) return { kind: "aborted" };
  if (error instanceof APIError) return { kind: "failed", status: typeof error.status === "number" ? error.status : null };
  return { kind: "failed", status: null };
}

/**
 * Checks a key with the cheapest authenticated call (listing models):
 * accepted, rejected (401/403), or unreachable (anything else, a timeout
 * included: the key may be fine). Waits at most TOGETHER_KEY_CHECK_TIMEOUT_MS.
 */
export async function checkTogetherKey(apiKey: string): Promise<"valid" | "rejected" | "unreachable"> {
  try {
    await togetherClient(apiKey, getEnv().TOGETHER_KEY_CHECK_TIMEOUT_MS).models.list();
    return "valid";
  } catch (error) {
    return classifyProviderError(error).kind === "key_rejected" ? "rejected" : "unreachable";
  }
}
