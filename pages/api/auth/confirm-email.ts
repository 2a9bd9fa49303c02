import { confirmEmailChange } from "@/lib/email-flows";
import { linkTokenSchema, type EmailChangeConfirmedResponse } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * `{token}` from the link sent to a new address → 200 `{email}`: the account
 * now uses it. 409 EMAIL_TAKEN when another account took it meanwhile;
 * 400 LINK_EXPIRED or LINK_INVALID.
 */
export default apiRoute({
  async POST(req) {
    const { token } = await parseJsonBody(req, linkTokenSchema);
    return json(200, (await confirmEmailChange(token, requestContextOf(req))) satisfies EmailChangeConfirmedResponse);
  },
});
