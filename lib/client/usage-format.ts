import "client-only";
import type { TokenUsage } from "@/lib/generation/shared";

/**
 * Tokens, speed and estimated cost in words, for the line under an answer
 * and the usage report in Settings. A cost is always an estimate (from the
 * provider's list price), and an unknown one is said so, never shown as $0.
 */

const countFormat = new Intl.NumberFormat("en-US");
const compactFormat = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** "12,345". */
export function formatTokens(count: number): string {
  return countFormat.format(count);
}

/** "12.3K", for a chart's axis. */
export function formatTokensCompact(count: number): string {
  return compactFormat.format(count);
}

/** "$0.0012", "$1.23", "< $0.0001"; "cost unknown" for null. */
export function formatCost(usd: number | null): string {
  if (usd === null) return "cost unknown";
  if (usd === 0) return "$0.00";
  if (usd < 0.0001) return "< $0.0001";
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

/** Completion tokens per second from the first token to the end; null when it cannot be told (no count, no first token, no time between). */
export function tokensPerSecond(usage: TokenUsage | null, timeToFirstTokenMs: number | null, durationMs: number): number | null {
  if (!usage || timeToFirstTokenMs === null) return null;
  const streamingMs = durationMs - timeToFirstTokenMs;
  if (streamingMs <= 0 || usage.completionTokens === 0) return null;
  return usage.completionTokens / (streamingMs / 1000);
}
