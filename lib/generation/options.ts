import "#server-only";
import { getEnv } from "@/lib/core/env";
import { readModelSettings } from "@/lib/model-catalog";
import { GENERATION_LANGUAGES, type GenerationOptions } from "./shared";

/**
 * The models (the admin's allow-list, TOGETHER_MODELS until one is saved),
 * languages and the max-tokens limit on offer, for the pages and the route's
 * checks. Read at every call, so an admin's change holds on every instance at once.
 */
export async function generationOptions(): Promise<GenerationOptions> {
  const { models, defaultModel } = await readModelSettings();
  return { models, defaultModel, languages: GENERATION_LANGUAGES, maxTokensLimit: getEnv().GENERATE_MAX_TOKENS };
}
