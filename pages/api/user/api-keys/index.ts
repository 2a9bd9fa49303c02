import type { PageConfig } from "next";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, HttpError, parseJsonBody, requestContextOf } from "@/lib/http";
import { updateApiKeys } from "@/lib/users";
import { apiKeysUpdateSchema, type ApiKeysResponse } from "@/lib/vault/shared";
import { accountReads } from "@/lib/account-reads";

export const config: PageConfig = { api: { bodyParser: false } };

/** The signed-in user's API key vault: read masked, set or remove keys. A full key is never sent back. */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.apiKeys(auth));
  }),
  POST: withAuth(async (req, res, { session, data }) => {
    assertSameOrigin(req);
    const update = await parseJsonBody(req, apiKeysUpdateSchema);
    const apiKeys = await updateApiKeys(data, update, {
      context: requestContextOf(req),
      deviceSessionId: session.deviceSessionId,
    });
    if (!apiKeys) throw HttpError.accountNotFound();
    res.status(200).json({ apiKeys } satisfies ApiKeysResponse);
  }),
});
