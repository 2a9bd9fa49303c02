import "#server-only";
import type { ModelInfo } from "./shared";

/**
 * The provider's model list (names, context lengths, prices), cached on the
 * server, and the allow-list an admin keeps in MongoDB.
 */

/**
 * What the catalog knows of `model`, read with `apiKey` when its cache is
 * missing or stale; null when unknown or the provider could not say. Never throws.
 */
export async function modelInfo(model: string, apiKey: string): Promise<ModelInfo | null> {
  void model;
  void apiKey;
  return null;
}
