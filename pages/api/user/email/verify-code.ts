import { withAuth } from "@/lib/auth";
import { verifyEmailCode } from "@/lib/email-flows";
import { emailCodeSchema, type EmailCodeVerifiedResponse } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * POST `{code}`: the 6-digit code from the verification mail → 200
 * `{email, emailVerified}`. 400 CODE_INVALID (wrong: the message says how many
 * tries are left) or CODE_EXPIRED (expired, or 5 wrong tries: send a new one
 * with POST /api/user/email/verification); 429 when too many codes were tried.
 */
export default apiRoute({
  POST: withAuth(async (req, _res, { data }) => {
    const input = await parseJsonBody(req, emailCodeSchema);
    return json(200, (await verifyEmailCode(data, input, requestContextOf(req))) satisfies EmailCodeVerifiedResponse);
  }),
});
