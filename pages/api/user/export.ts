import { sendDataExport } from "@/lib/account-export";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig } from "@/lib/http";

// A long history makes a file of many megabytes, streamed: Next's 4 MB warning is for answers held whole.
export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };

/** "Download your data": the account's data as a JSON attachment, streamed (recent sign-in; not while viewing as a user; a few an hour). */
export default apiRoute({
  GET: withAuth((req, res, auth) => sendDataExport(req, res, auth)),
});
