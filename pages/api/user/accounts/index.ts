import { withAuth } from "@/lib/auth";
import { apiRoute } from "@/lib/http";
import { accountReads } from "@/lib/account-reads";

/** The signed-in user's connected sign-in providers, and the enabled ones they could connect. */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.connectedAccounts(auth));
  }),
});
