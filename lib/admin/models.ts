import "#server-only";
import type { DataAccess } from "@/lib/access";
import { recordAuthEvent, type AuthEventOrigin } from "@/lib/audit";
import { HttpError } from "@/lib/http";
import { catalogFetchedAt, readCatalog, readModelSettings, writeModelSettings } from "@/lib/model-catalog";
import { describeModel, type AdminModelsResponse, type ModelSettings } from "@/lib/model-catalog/shared";
import { openApiKeyForUse } from "@/lib/vault";

/** The admin's own Together key, when stored: the catalog is fetched with it when stale. */
async function ownKey(data: DataAccess): Promise<string | null> {
  const stored = await openApiKeyForUse(data, "togetherAI");
  return stored.status === "ok" ? stored.key : null;
}

/** The allow-list, each model with what the catalog knows of it, and the whole catalog to add from. */
export async function adminModels(data: DataAccess): Promise<AdminModelsResponse> {
  const [settings, catalog] = await Promise.all([readModelSettings(), ownKey(data).then(readCatalog)]);
  const fetchedAt = await catalogFetchedAt();
  return {
    models: settings.models.map((id) => describeModel(id, catalog)),
    default: settings.defaultModel,
    catalog: catalog ?? [],
    catalogFetchedAt: fetchedAt?.toISOString() ?? null,
    saved: settings.saved,
  };
}

/**
 * Replaces the models on offer: this instance's next generate request and
 * page use the new list, the others' within their cache's 15 seconds
 * (lib/model-catalog/process-cache.ts). Recorded in the admin's audit trail.
 */
export async function saveAdminModels(data: DataAccess, settings: ModelSettings, origin: AuthEventOrigin): Promise<AdminModelsResponse> {
  // withAuth's `{ role: "admin" }` already refused anyone else (a view-as session included: its user is the viewed one).
  if (!data.actor || data.actor.role !== "admin" || data.actor.impersonatedBy) throw HttpError.forbidden();
  await writeModelSettings(settings, data.actor.id);
  await recordAuthEvent({ type: "admin.models_changed", userId: data.actor.id, ...origin });
  return adminModels(data);
}
