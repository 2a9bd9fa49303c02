import { deleteOwnAccount } from "@/lib/account-deletion";
import { accountDeletionSchema } from "@/lib/account-deletion/shared";
import { endSessionCookie, withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, noContent, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Deletes the signed-in account (lib/account-deletion): `{ confirmEmail,
 * currentPassword? }`, 204 with the session cookie cleared. A view-as
 * session is refused (403); an account without a password needs a recent
 * sign-in (403 REAUTH_REQUIRED); the last admin is refused (409).
 */
export default apiRoute({
  DELETE: withAuth(async (req, res, { session, data }) => {
    if (session.impersonator) throw HttpError.forbidden("Viewing as a user cannot delete their account");
    const request = await parseJsonBody(req, accountDeletionSchema);
    const caller = { authTime: session.authTime, context: requestContextOf(req), deviceSessionId: session.deviceSessionId };
    await deleteOwnAccount(data, caller, request);
    endSessionCookie(req, res);
    return noContent();
  }),
});
