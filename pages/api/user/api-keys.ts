import type { PageConfig } from "next";
import { accountNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { withAuth } from "@/lib/auth/session";
import { assertSameOrigin, parseJsonBody } from "@/lib/request";
import { getApiKeys, updateApiKeys } from "@/lib/users";
import { apiKeysUpdateSchema, type ApiKeysResponse } from "@/lib/validations/api-keys";

export const config: PageConfig = { api: { bodyParser: false } };

/** The API key vault: read masked, set or remove keys. A full key is never sent back. */
export default apiRoute({
  GET: withAuth(async (_req, res, session) => {
    const apiKeys = await getApiKeys(session.user.email ?? "");
    if (!apiKeys) throw accountNotFound();
    res.status(200).json({ apiKeys } satisfies ApiKeysResponse);
  }),
  POST: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const update = await parseJsonBody(req, apiKeysUpdateSchema);
    const apiKeys = await updateApiKeys(session.user.email ?? "", update);
    if (!apiKeys) throw accountNotFound();
    res.status(200).json({ apiKeys } satisfies ApiKeysResponse);
  }),
});
