import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody } from "@/lib/http";
import { enableTotp, twoFactorCallerOf } from "@/lib/two-factor";
import { totpConfirmSchema, type RecoveryCodesResponse } from "@/lib/two-factor/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** Turns two-step verification on with a code from the app being set up: the recovery codes, shown once. */
export default apiRoute({
  POST: withAuth(async (req, _res, auth) => {
    const { code } = await parseJsonBody(req, totpConfirmSchema);
    const recoveryCodes = await enableTotp(twoFactorCallerOf(req, auth), code);
    return json(200, { recoveryCodes } satisfies RecoveryCodesResponse);
  }),
});
