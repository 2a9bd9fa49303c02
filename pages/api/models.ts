import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json } from "@/lib/http";
import { modelsOnOffer } from "@/lib/model-catalog";
import type { ModelsResponse } from "@/lib/model-catalog/shared";
import { openApiKeyForUse } from "@/lib/vault";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** A minute: an admin's change reaches an open page soon; the list is the same for everyone. */
const CACHE_CONTROL = "private, max-age=60";

/**
 * Signed in: the models on offer, in the admin's order, with names, context
 * lengths and prices from the provider's catalog (fetched with the user's own
 * key when stale; without one, or while an admin views as them, only the
 * stored catalog or the bare ids) and the default.
 */
export default apiRoute({
  GET: withAuth(async (_req, res, { data }) => {
    // A view-as session never uses the user's key (the data door refuses it): it reads the stored catalog only.
    const stored = data.actor?.impersonatedBy ? null : await openApiKeyForUse(data, "togetherAI");
    const answer = await modelsOnOffer(stored?.status === "ok" ? stored.key : null);
    res.setHeader("Cache-Control", CACHE_CONTROL);
    return json(200, answer satisfies ModelsResponse);
  }),
});
