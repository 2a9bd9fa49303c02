import { revokeUserSessions } from "@/lib/admin";
import { adminUserIdSchema, type AdminRevokeSessionsResponse } from "@/lib/admin/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, requestContextOf } from "@/lib/http";

/** Admins: signs the user out of every device, within SESSION_REVALIDATE_SECONDS. */
export default apiRoute({
  POST: withAuth(
    async (req, res, { session, data }) => {
      assertSameOrigin(req);
      const { id } = adminUserIdSchema.parse(req.query);
      const origin = { context: requestContextOf(req), deviceSessionId: session.deviceSessionId };
      res.status(200).json((await revokeUserSessions(data, id, origin)) satisfies AdminRevokeSessionsResponse);
    },
    { role: "admin" },
  ),
});
