import { stopImpersonation } from "@/lib/admin";
import type { ImpersonationStopResponse } from "@/lib/admin/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";

/** Stops viewing as a user: the admin's own session comes back (409 when this session is not a view-as one). */
export default apiRoute({
  DELETE: withAuth(async (req, res, { session }) => {
    return json(200, (await stopImpersonation(session, req, res)) satisfies ImpersonationStopResponse);
  }),
});
