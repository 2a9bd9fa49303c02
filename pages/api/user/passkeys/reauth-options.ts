import { startPasskeyReauth } from "@/lib/accounts";
import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";

/** Options for confirming it is you with one of your passkeys (then `POST /api/user/reauth { passkey }`); 404 without passkeys. */
export default apiRoute({
  POST: withAuth(async (_req, _res, { data }) => json(200, await startPasskeyReauth(data))),
});
