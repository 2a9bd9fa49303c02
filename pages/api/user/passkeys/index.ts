import { accountReads } from "@/lib/account-reads";
import { finishAddingPasskey } from "@/lib/accounts";
import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";
import { addPasskeySchema } from "@/lib/passkeys/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * The user's passkeys (GET), and adding one (POST `{ response, name }`, the
 * answer to the options of ./options): 201 with the passkey; 400
 * PASSKEY_NOT_RECOGNIZED when the answer does not verify against a challenge
 * issued to this user; 409 when it is already registered or the account has
 * as many as it may.
 */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.passkeys(auth))),
  POST: withAuth(async (req, _res, { session, data }) => {
    const body = await parseJsonBody(req, addPasskeySchema);
    const caller = { deviceSessionId: session.deviceSessionId, authTime: session.authTime, context: requestContextOf(req) };
    return json(201, await finishAddingPasskey(data, caller, body));
  }),
});
