import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, json, parseJsonBody, requestContextOf } from "@/lib/http";
import { updateApiKeys } from "@/lib/users";
import { apiKeysUpdateSchema, type ApiKeysUpdateResponse } from "@/lib/vault/shared";
import { accountReads } from "@/lib/account-reads";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * The signed-in user's API key vault: read masked, set or remove keys (a new
 * Together AI key is checked with Together AI as it is saved: `check`). A
 * full key is never sent back.
 */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.apiKeys(auth))),
  POST: withAuth(async (req, _res, { session, data }) => {
    const update = await parseJsonBody(req, apiKeysUpdateSchema);
    const updated = await updateApiKeys(data, update, {
      context: requestContextOf(req),
      deviceSessionId: session.deviceSessionId,
    });
    if (!updated) throw HttpError.accountNotFound();
    return json(200, updated satisfies ApiKeysUpdateResponse);
  }),
});
