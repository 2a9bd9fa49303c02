import "#server-only";
import { getEnv } from "@/lib/core/env";
import { GENERATION_LANGUAGES, type GenerationOptions } from "./shared";

/** The models (TOGETHER_MODELS) and languages on offer, for the pages and the route's checks. */
export function generationOptions(): GenerationOptions {
  const { TOGETHER_MODELS, TOGETHER_DEFAULT_MODEL } = getEnv();
  return {
    models: TOGETHER_MODELS,
    defaultModel: TOGETHER_DEFAULT_MODEL ?? TOGETHER_MODELS[0]!,
    languages: GENERATION_LANGUAGES,
  };
}
