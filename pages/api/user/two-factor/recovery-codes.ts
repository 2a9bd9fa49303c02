import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, json } from "@/lib/http";
import { regenerateRecoveryCodes, twoFactorCallerOf } from "@/lib/two-factor";
import type { RecoveryCodesResponse } from "@/lib/two-factor/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** A new set of recovery codes, shown once; the old set stops working (recent sign-in, two-step verification on). */
export default apiRoute({
  POST: withAuth(async (req, _res, auth) => json(200, { recoveryCodes: await regenerateRecoveryCodes(twoFactorCallerOf(req, auth)) } satisfies RecoveryCodesResponse)),
});
