import { z } from "zod";
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

/** `GET /api/models`, also its SWR key. */
export const MODELS_URL = "/api/models";

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

const MODEL_ID_MAX_LENGTH = 200;
const ALLOW_LIST_MAX = 50;

/** A provider's model id as an admin types it ("org/Model-Name"). */
export const modelIdSchema = z
  .string("Type a model id")
  .trim()
  .min(1, "Type a model id")
  .max(MODEL_ID_MAX_LENGTH, `Use at most ${MODEL_ID_MAX_LENGTH} characters`)
  .regex(/^[\w.:+/-]+$/, "Use a model id like org/Model-Name");

/** `PUT /api/admin/models`: the models on offer, in order, and the default (one of them). */
export const modelSettingsSchema = z
  .strictObject({
    models: z
      .array(modelIdSchema, "List the models")
      .min(1, "Keep at least one model")
      .max(ALLOW_LIST_MAX, `Offer at most ${ALLOW_LIST_MAX} models`)
      .refine((ids) => new Set(ids).size === ids.length, "List each model once"),
    defaultModel: modelIdSchema,
  })
  .refine((settings) => settings.models.includes(settings.defaultModel), { path: ["defaultModel"], error: "Choose the default from the list" });
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** `GET`/`PUT /api/admin/models`: the allow-list as the picker shows it, and the provider's catalog to add from. */
export interface AdminModelsResponse extends ModelsResponse {
  /** Every model the provider listed at its last fetch (empty when none was fetched yet). */
  catalog: readonly ModelInfo[];
  /** ISO time of that fetch, or null. */
  catalogFetchedAt: string | null;
  /** Whether the list is the one an admin saved (false: TOGETHER_MODELS, the initial value). */
  saved: boolean;
}

/** `id`'s entry in `catalog`, or its bare id when the provider did not list it. */
export function describeModel(id: string, catalog: readonly ModelInfo[] | null): ModelInfo {
  return catalog?.find((model) => model.id === id) ?? { id, name: id, contextLength: null, pricing: null };
}

/** "$0.30 in / $0.60 out per 1M tokens", or null when the provider gave no price. */
function pricingInWords(pricing: ModelPricing | null): string | null {
  if (!pricing) return null;
  const usd = (value: number) => `$${value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
  return `${usd(pricing.inputPerMillion)} in / ${usd(pricing.outputPerMillion)} out per 1M tokens`;
}

/** "32K context" (thousands of tokens), or null when unknown. */
function contextInWords(contextLength: number | null): string | null {
  return contextLength === null ? null : `${Math.round(contextLength / 1024).toLocaleString("en")}K context`;
}

/** A model's facts on one line: "32K context · $0.30 in / $0.60 out per 1M tokens", or "No price listed". */
export function modelFacts(model: ModelInfo): string {
  return [contextInWords(model.contextLength), pricingInWords(model.pricing) ?? "no price listed"].filter(Boolean).join(" · ");
}
