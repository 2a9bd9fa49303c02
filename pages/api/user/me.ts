import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";
import { accountReads } from "@/lib/account-reads";

/** The signed-in user (never the password hash or the vault). */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.me(auth))),
});
