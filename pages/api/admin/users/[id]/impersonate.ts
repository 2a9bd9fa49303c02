import { limitAdminAction, startImpersonation } from "@/lib/admin";
import { adminUserIdSchema, type ImpersonationStartResponse } from "@/lib/admin/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";

/**
 * Admins: view the product as this (ordinary, enabled) user for up to an
 * hour. The answer's session cookie is the view-as session; the admin's own
 * comes back with `DELETE /api/impersonation`.
 */
export default apiRoute({
  POST: withAuth(
    async (req, res, { session, data }) => {
      await limitAdminAction(data);
      const { id } = adminUserIdSchema.parse(req.query);
      return json(200, (await startImpersonation(data, session, id, req, res)) satisfies ImpersonationStartResponse);
    },
    { role: "admin" },
  ),
});
