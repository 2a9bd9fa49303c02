import { renewSessionCookie, withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, noContent, parseJsonBody } from "@/lib/http";
import { confirmPassword } from "@/lib/users";
import { reauthSchema } from "@/lib/users/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Confirms the password before a sensitive action (after a 403
 * REAUTH_REQUIRED): 204 with a session cookie whose authentication time is now.
 */
export default apiRoute({
  POST: withAuth(async (req, res, { data }) => {
    const { password } = await parseJsonBody(req, reauthSchema);
    await confirmPassword(data, password);
    await renewSessionCookie(req, res, { authTime: Date.now() });
    return noContent();
  }),
});
