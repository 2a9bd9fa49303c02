import { adminAction, retryMailAsAdmin } from "@/lib/admin";
import { adminMailIdSchema } from "@/lib/admin/shared";
import { apiRoute, type ApiRouteConfig, noContent } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** Admins: sends a dead mail again (lib/admin/mail.ts): 204, or 404 when there is no such retryable mail. */
export default apiRoute({
  POST: adminAction(async (req, _res, { session }) => {
    const { id } = adminMailIdSchema.parse(req.query);
    await retryMailAsAdmin(session.user.id, id);
    return noContent();
  }),
});
