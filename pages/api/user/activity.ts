import { withAuth } from "@/lib/auth";
import { apiRoute } from "@/lib/http";
import { accountReads } from "@/lib/account-reads";

/** The signed-in user's own security activity: the last 50 events of the past 90 days, newest first, in plain words. */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.activity(auth));
  }),
});
