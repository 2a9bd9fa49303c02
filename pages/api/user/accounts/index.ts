import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";
import { accountReads } from "@/lib/account-reads";

/** The signed-in user's connected sign-in providers, and the enabled ones they could connect. */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.connectedAccounts(auth))),
});
