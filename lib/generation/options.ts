import "#server-only";
import { getEnv } from "@/lib/core/env";
import { GENERATION_LANGUAGES, type GenerationOptions } from "./shared";

/** The models (TOGETHER_MODELS) and languages on offer, for the pages and the route's checks. */
export function generationOptions(): GenerationOptions {
  const { TOGETHER_MODELS, TOGETHER_DEFAULT_MODEL, GENERATE_MAX_TOKENS } = getEnv();
  const [firstModel] = TOGETHER_MODELS;
  // The environment refuses an empty TOGETHER_MODELS, so this never throws.
  if (firstModel === undefined) throw new Error("TOGETHER_MODELS lists no model");
  return {
    models: TOGETHER_MODELS,
    defaultModel: TOGETHER_DEFAULT_MODEL ?? firstModel,
    languages: GENERATION_LANGUAGES,
    maxTokensLimit: GENERATE_MAX_TOKENS,
  };
}
