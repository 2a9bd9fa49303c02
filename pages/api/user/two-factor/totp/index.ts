import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json, noContent, parseJsonBody } from "@/lib/http";
import { disableTotp, startTotpSetup, twoFactorCallerOf } from "@/lib/two-factor";
import { totpDisableSchema } from "@/lib/two-factor/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * POST: a new authenticator secret and its otpauth:// URL, pending until
 * confirmed (recent sign-in; 409 when already on). DELETE: turns two-step
 * verification off with a current code or the password: 204.
 */
export default apiRoute({
  POST: withAuth(async (req, _res, auth) => json(200, await startTotpSetup(twoFactorCallerOf(req, auth)))),
  DELETE: withAuth(async (req, _res, auth) => {
    const proof = await parseJsonBody(req, totpDisableSchema);
    await disableTotp(twoFactorCallerOf(req, auth), proof);
    return noContent();
  }),
});
