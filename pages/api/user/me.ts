import { withAuth } from "@/lib/auth";
import { apiRoute } from "@/lib/http";
import { accountReads } from "@/lib/account-reads";

/** The signed-in user (never the password hash or the vault). */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.me(auth));
  }),
});
