import { deleteUserAsAdmin } from "@/lib/account-deletion";
import { getUserDetail, limitAdminAction, updateUserAsAdmin } from "@/lib/admin";
import { adminUserDeleteSchema, adminUserIdSchema, adminUserPatchSchema, type AdminUserDetail } from "@/lib/admin/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, json, noContent, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Admins: one user (devices, recent audit events, usage); PATCH changes the
 * role, or disables (with a reason) or enables them; DELETE deletes the
 * account with a reason (lib/account-deletion), 204.
 */
export default apiRoute({
  GET: withAuth(
    async (req, _res, { data }) => {
      const { id } = adminUserIdSchema.parse(req.query);
      const detail = await getUserDetail(data, id);
      if (!detail) throw HttpError.notFound("No such user");
      return json(200, detail satisfies AdminUserDetail);
    },
    { role: "admin" },
  ),
  PATCH: withAuth(
    async (req, _res, { session, data }) => {
      await limitAdminAction(data);
      const { id } = adminUserIdSchema.parse(req.query);
      const patch = await parseJsonBody(req, adminUserPatchSchema);
      const origin = { context: requestContextOf(req), deviceSessionId: session.deviceSessionId };
      return json(200, (await updateUserAsAdmin(data, id, patch, origin)) satisfies AdminUserDetail);
    },
    { role: "admin" },
  ),
  DELETE: withAuth(
    async (req, _res, { session, data }) => {
      await limitAdminAction(data);
      const { id } = adminUserIdSchema.parse(req.query);
      const request = await parseJsonBody(req, adminUserDeleteSchema);
      await deleteUserAsAdmin(data, id, request, { context: requestContextOf(req), deviceSessionId: session.deviceSessionId });
      return noContent();
    },
    { role: "admin" },
  ),
});
