import { adminModels, limitAdminAction, saveAdminModels } from "@/lib/admin";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";
import { modelSettingsSchema, type AdminModelsResponse } from "@/lib/model-catalog/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Admins: the models on offer for code generation (with names and prices
 * from the provider's catalog) and the catalog to add from; PUT replaces
 * the list and the default, audited (`admin.models_changed`).
 */
export default apiRoute({
  GET: withAuth(async (_req, _res, { data }) => json(200, (await adminModels(data)) satisfies AdminModelsResponse), { role: "admin" }),
  PUT: withAuth(
    async (req, _res, { session, data }) => {
      await limitAdminAction(data);
      const settings = await parseJsonBody(req, modelSettingsSchema);
      const origin = { context: requestContextOf(req), deviceSessionId: session.deviceSessionId };
      return json(200, (await saveAdminModels(data, settings, origin)) satisfies AdminModelsResponse);
    },
    { role: "admin" },
  ),
});
