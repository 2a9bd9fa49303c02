import { renewSessionCookie, withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, noContent, parseJsonBody, requestContextOf } from "@/lib/http";
import { changePassword } from "@/lib/users";
import { passwordChangeSchema } from "@/lib/users/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Changes the password (or sets a first one on an OAuth-only account, which
 * needs a recent sign-in: 403 REAUTH_REQUIRED otherwise): 204 with a fresh
 * session cookie on a new device session. Every other session, and every copy
 * of this one's old cookie, is signed out (lib/users/password-change.ts).
 */
export default apiRoute({
  POST: withAuth(async (req, res, { session, data }) => {
    const change = await parseJsonBody(req, passwordChangeSchema);
    const caller = { deviceSessionId: session.deviceSessionId, authTime: session.authTime, client: requestContextOf(req) };
    await renewSessionCookie(req, res, await changePassword(data, caller, change));
    return noContent();
  }),
});
