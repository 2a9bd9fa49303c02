import { sendDataExport } from "@/lib/account-export";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** "Download your data": the account's data as a JSON attachment, streamed (recent sign-in; not while viewing as a user; a few an hour). */
export default apiRoute({
  GET: withAuth((req, res, auth) => sendDataExport(req, res, auth)),
});
