import { requestPasswordReset } from "@/lib/email-flows";
import { emailOnlySchema, type NeutralAnswer } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * `{email}` → 200 with the same message, at once, whether or not an account
 * uses that email; when one does, it gets a reset link (or, without a
 * password, a mail naming its provider). 429 past the per-address or
 * per-network limit.
 */
export default apiRoute({
  async POST(req) {
    const { email } = await parseJsonBody(req, emailOnlySchema);
    return json(200, (await requestPasswordReset(email, requestContextOf(req))) satisfies NeutralAnswer);
  },
});
