import "#server-only";
import { getEnv } from "@/lib/core/env";
import { isDatabaseUnavailable } from "@/lib/core/db";
import { log } from "@/lib/core/log";
import { initialModelSettings, readModelSettings } from "@/lib/model-catalog";
import { GENERATION_LANGUAGES, type GenerationOptions } from "./shared";

/**
 * The models (the admin's allow-list, TOGETHER_MODELS until one is saved),
 * languages and the max-tokens limit on offer, for the pages and the route's
 * checks. Read through this process's short cache of the admin's list
 * (lib/model-catalog): a change holds here at once, on other instances within seconds.
 */
export async function generationOptions(): Promise<GenerationOptions> {
  const { models, defaultModel } = await readModelSettings();
  return { models, defaultModel, languages: GENERATION_LANGUAGES, maxTokensLimit: getEnv().GENERATE_MAX_TOKENS };
}

/**
 * The options a page renders with: generationOptions, or, while MongoDB is
 * unreachable, the environment's initial list, so /generate still renders
 * during an outage (nothing can be generated until it is back, and the
 * route checks the stored list then).
 */
export async function pageGenerationOptions(): Promise<GenerationOptions> {
  try {
    return await generationOptions();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn("generation.options_from_environment", { reason: "database unavailable" });
    return { ...initialModelSettings(), languages: GENERATION_LANGUAGES, maxTokensLimit: getEnv().GENERATE_MAX_TOKENS };
  }
}
