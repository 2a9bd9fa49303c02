import { ownId } from "@/lib/access/shared";
import { confirmWithPasskey } from "@/lib/accounts";
import { renewSessionCookie, withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, noContent, parseJsonBody, requestContextOf } from "@/lib/http";
import { confirmTotpForReauth } from "@/lib/two-factor";
import { confirmPassword } from "@/lib/users";
import { reauthSchema } from "@/lib/users/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Proves again who the caller is before a sensitive action (after a 403
 * REAUTH_REQUIRED): the password, a code from the authenticator app (limited
 * like a sign-in's second step), or a passkey. 204 with a session cookie
 * whose authentication time is now.
 */
export default apiRoute({
  POST: withAuth(async (req, res, { session, data }) => {
    // An admin viewing as the user is not the user: no proof of theirs is taken.
    if (session.impersonator) throw HttpError.forbidden("Viewing as a user cannot confirm their identity");
    const proof = await parseJsonBody(req, reauthSchema);
    const context = requestContextOf(req);
    if ("password" in proof) await confirmPassword(data, proof.password);
    else if ("code" in proof) await confirmTotpForReauth({ userId: ownId(data), deviceSessionId: session.deviceSessionId }, proof.code, context);
    else await confirmWithPasskey(data, proof, context);
    await renewSessionCookie(req, res, { authTime: Date.now() });
    return noContent();
  }),
});
