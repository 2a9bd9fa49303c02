import { revertEmailChange } from "@/lib/email-flows";
import { linkTokenSchema, type EmailChangeRevertedResponse } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * "This wasn't me": `{token}` from the notice sent to the old address → 200
 * `{email, restored}`. The change is cancelled or undone and every session of
 * the account ends. 400 LINK_EXPIRED or LINK_INVALID.
 */
export default apiRoute({
  async POST(req) {
    const { token } = await parseJsonBody(req, linkTokenSchema);
    return json(200, (await revertEmailChange(token, requestContextOf(req))) satisfies EmailChangeRevertedResponse);
  },
});
