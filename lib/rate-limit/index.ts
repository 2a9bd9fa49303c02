import "#server-only";
import { HttpError } from "@/lib/http";
import { consumeRateLimit, type RateLimitRule } from "./attempts";

/** Limits stored in MongoDB, so they hold across every app instance. */
export { consumeRateLimit, resetRateLimit } from "./attempts";

/** Counts one attempt against `key`; a refused one is thrown as 429 with `message` and Retry-After. */
export async function enforceRateLimit(key: string, rule: RateLimitRule, message: string): Promise<void> {
  const result = await consumeRateLimit(key, rule);
  if (!result.allowed) throw HttpError.rateLimited(message, result.retryAfterSeconds);
}
