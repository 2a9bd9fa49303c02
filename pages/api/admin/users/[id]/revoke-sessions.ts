import { limitAdminAction, revokeUserSessions } from "@/lib/admin";
import { adminUserIdSchema, type AdminRevokeSessionsResponse } from "@/lib/admin/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, json, requestContextOf } from "@/lib/http";

/** Admins: signs the user out of every device, within SESSION_REVALIDATE_SECONDS. */
export default apiRoute({
  POST: withAuth(
    async (req, _res, { session, data }) => {
      await limitAdminAction(data);
      const { id } = adminUserIdSchema.parse(req.query);
      const origin = { context: requestContextOf(req), deviceSessionId: session.deviceSessionId };
      return json(200, (await revokeUserSessions(data, id, origin)) satisfies AdminRevokeSessionsResponse);
    },
    { role: "admin" },
  ),
});
