import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, json, parseJsonBody } from "@/lib/http";
import { checkStoredApiKey, enforceKeyCheckLimit } from "@/lib/vault";
import { apiKeyCheckSchema, type ApiKeyCheckResponse } from "@/lib/vault/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Checks the signed-in user's stored key with the provider's cheapest
 * authenticated call: valid, rejected or unreachable, kept as the key's
 * `lastCheck`. Limited per user per minute, with the checks on save.
 */
export default apiRoute({
  POST: withAuth(async (req, _res, { data }) => {
    const { provider } = await parseJsonBody(req, apiKeyCheckSchema);
    await enforceKeyCheckLimit(data);
    const result = await checkStoredApiKey(data, provider);
    if (!result) throw HttpError.invalidField("provider", "There is no stored key to check; add one first");
    return json(200, result satisfies ApiKeyCheckResponse);
  }),
});
