import { listConnectedAccounts } from "@/lib/accounts";
import type { ConnectedAccountsResponse } from "@/lib/accounts/shared";
import { oauthProviders, withAuth } from "@/lib/auth";
import { apiRoute } from "@/lib/http";

/** The signed-in user's connected sign-in providers, and the enabled ones they could connect. */
export default apiRoute({
  GET: withAuth(async (_req, res, session) => {
    const body: ConnectedAccountsResponse = await listConnectedAccounts(session.user.id, oauthProviders());
    res.status(200).json(body);
  }),
});
