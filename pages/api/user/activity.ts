import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";
import { accountReads } from "@/lib/account-reads";

/** The signed-in user's own security activity: the last 50 events of the retention period (AUTH_EVENT_RETENTION_DAYS), newest first, in plain words. */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.activity(auth))),
});
