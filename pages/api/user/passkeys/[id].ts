import { removePasskey, renameOwnPasskey } from "@/lib/accounts";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json, noContent, parseJsonBody, requestContextOf } from "@/lib/http";
import { passkeyIdParamSchema, renamePasskeySchema } from "@/lib/passkeys/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Renames one of the user's passkeys (PATCH `{ name }`), or removes it
 * (DELETE: 204; 403 REAUTH_REQUIRED without a recent sign-in; 409
 * LAST_SIGN_IN_METHOD when it is the only way in). Another user's passkey is
 * "not found".
 */
export default apiRoute({
  PATCH: withAuth(async (req, _res, { data }) => {
    const { id } = passkeyIdParamSchema.parse(req.query);
    const { name } = await parseJsonBody(req, renamePasskeySchema);
    return json(200, await renameOwnPasskey(data, id, name));
  }),
  DELETE: withAuth(async (req, _res, { session, data }) => {
    const { id } = passkeyIdParamSchema.parse(req.query);
    const caller = { deviceSessionId: session.deviceSessionId, authTime: session.authTime, context: requestContextOf(req) };
    await removePasskey(data, caller, id);
    return noContent();
  }),
});
