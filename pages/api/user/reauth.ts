import { z } from "zod";
import { confirmWithPasskey } from "@/lib/accounts";
import { renewSessionCookie, withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, noContent, parseJsonBody, requestContextOf } from "@/lib/http";
import { passkeyReauthSchema } from "@/lib/passkeys/shared";
import { confirmPassword } from "@/lib/users";
import { reauthSchema } from "@/lib/users/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

const reauthBodySchema = z.union([reauthSchema, passkeyReauthSchema]);

/**
 * Confirms it is you before a sensitive action (after a 403
 * REAUTH_REQUIRED), with the password or a passkey: 204 with a session
 * cookie whose authentication time is now.
 */
export default apiRoute({
  POST: withAuth(async (req, res, { data }) => {
    const body = await parseJsonBody(req, reauthBodySchema);
    if ("passkey" in body) await confirmWithPasskey(data, body, requestContextOf(req));
    else await confirmPassword(data, body.password);
    await renewSessionCookie(req, res, { authTime: Date.now() });
    return noContent();
  }),
});
