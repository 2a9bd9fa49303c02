import type { TokenUsage } from "@/lib/generation/shared";

/**
 * The models a person can pick, as the provider describes them: names,
 * context lengths and prices. Browser-safe: the picker and the usage views
 * use these shapes.
 */

/** US dollars per million tokens, as the provider's model list gives them. */
export interface ModelPricing {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** One allow-listed model: its display name (its id when the provider gave none), context length and price, where known. */
export interface ModelInfo {
  id: string;
  name: string;
  contextLength: number | null;
  pricing: ModelPricing | null;
}

/** `GET /api/models`: the allow-listed models, in the admin's order, and the default. */
export interface ModelsResponse {
  models: ModelInfo[];
  default: string;
}

/** The estimated cost of `usage` at `pricing`, in USD; null when either is unknown. */
export function estimateCostUsd(usage: TokenUsage | null, pricing: ModelPricing | null): number | null {
  if (!usage || !pricing) return null;
  return (usage.promptTokens * pricing.inputPerMillion + usage.completionTokens * pricing.outputPerMillion) / 1_000_000;
}
