import { limitAdminAction, resetUserTwoFactor } from "@/lib/admin";
import { adminTwoFactorResetSchema, adminUserIdSchema, type AdminUserDetail } from "@/lib/admin/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Admins: resets the user's two-step verification (authenticator app,
 * recovery codes, passkeys) with a reason, and signs them out everywhere;
 * answers the user as now stored.
 */
export default apiRoute({
  POST: withAuth(
    async (req, _res, { session, data }) => {
      await limitAdminAction(data);
      const { id } = adminUserIdSchema.parse(req.query);
      const reset = await parseJsonBody(req, adminTwoFactorResetSchema);
      const origin = { context: requestContextOf(req), deviceSessionId: session.deviceSessionId };
      return json(200, (await resetUserTwoFactor(data, id, reset, origin)) satisfies AdminUserDetail);
    },
    { role: "admin" },
  ),
});
