import { verifyEmail } from "@/lib/email-flows";
import { verifyEmailSchema, type EmailVerifiedResponse } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * `{token, password}`: the link mailed to an address, and the password of the
 * account it is for → 200 `{email}`, the address is verified. 400
 * WRONG_PASSWORD (the link stays usable), NO_PASSWORD, LINK_EXPIRED or
 * LINK_INVALID; 429 after too many wrong passwords.
 */
export default apiRoute({
  async POST(req) {
    const input = await parseJsonBody(req, verifyEmailSchema);
    return json(200, (await verifyEmail(input, requestContextOf(req))) satisfies EmailVerifiedResponse);
  },
});
