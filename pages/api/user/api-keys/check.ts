import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, json, parseJsonBody } from "@/lib/http";
import { enforceRateLimit } from "@/lib/rate-limit";
import { ownId } from "@/lib/access/shared";
import { checkStoredApiKey } from "@/lib/vault";
import { apiKeyCheckSchema, type ApiKeyCheckResponse } from "@/lib/vault/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** Checks per user per minute: each one is a call to the provider. */
const CHECKS_PER_MINUTE = 10;

/** Checks the signed-in user's stored key with the provider's cheapest authenticated call: valid, rejected or unreachable. */
export default apiRoute({
  POST: withAuth(async (req, _res, { data }) => {
    const { provider } = await parseJsonBody(req, apiKeyCheckSchema);
    await enforceRateLimit(
      `keycheck:${ownId(data)}`,
      { limit: CHECKS_PER_MINUTE, windowSeconds: 60 },
      "Too many key checks. Wait a minute and try again.",
    );
    const result = await checkStoredApiKey(data, provider);
    if (!result) throw HttpError.invalidField("provider", "There is no stored key to check; add one first");
    return json(200, result satisfies ApiKeyCheckResponse);
  }),
});
