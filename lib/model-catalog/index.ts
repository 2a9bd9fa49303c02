import "#server-only";
import { readCatalog } from "./catalog";
import { describeModel, type ModelInfo, type ModelsResponse } from "./shared";
import { readModelSettings } from "./settings";

/**
 * The provider's model list (names, context lengths, prices), cached in
 * MongoDB per provider for an hour, and the allow-list an admin keeps there;
 * each process reads both through a short cache (process-cache.ts).
 */
export { catalogFetchedAt, readCatalog } from "./catalog";
export { initialModelSettings, readModelSettings, writeModelSettings } from "./settings";

/**
 * What the catalog knows of `model`, read with `apiKey` when its cache is
 * missing or stale; null when unknown or the provider could not say. Never throws.
 */
export async function modelInfo(model: string, apiKey: string): Promise<ModelInfo | null> {
  return (await readCatalog(apiKey))?.find((entry) => entry.id === model) ?? null;
}

/** The models on offer, in the admin's order, described by the catalog (read with `apiKey` when there is one). */
export async function modelsOnOffer(apiKey: string | null): Promise<ModelsResponse> {
  const [settings, catalog] = await Promise.all([readModelSettings(), readCatalog(apiKey)]);
  return { models: settings.models.map((id) => describeModel(id, catalog)), default: settings.defaultModel };
}
