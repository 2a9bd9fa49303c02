import { startAddingPasskey } from "@/lib/accounts";
import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";

/** Options for adding a passkey (`startRegistration`): 403 REAUTH_REQUIRED without a recent sign-in, 403 while viewing as the user. */
export default apiRoute({
  POST: withAuth(async (_req, _res, { session, data }) => json(200, await startAddingPasskey(data, session.authTime))),
});
