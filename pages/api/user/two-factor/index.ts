import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";
import { accountReads } from "@/lib/account-reads";

/** Whether two-step verification is on, how many recovery codes are left, and the passkeys (never a secret). */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.twoFactor(auth))),
});
