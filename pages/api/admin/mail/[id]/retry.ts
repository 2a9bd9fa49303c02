import { limitAdminAction, retryMailAsAdmin } from "@/lib/admin";
import { adminMailIdSchema } from "@/lib/admin/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, noContent } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** Admins: sends a dead mail again (lib/admin/mail.ts): 204, or 404 when there is no such retryable mail. */
export default apiRoute({
  POST: withAuth(
    async (req, _res, { data }) => {
      await limitAdminAction(data);
      const { id } = adminMailIdSchema.parse(req.query);
      await retryMailAsAdmin(data, id);
      return noContent();
    },
    { role: "admin" },
  ),
});
