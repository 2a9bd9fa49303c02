import { resetPassword } from "@/lib/email-flows";
import { resetPasswordSchema, type PasswordResetResponse } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * `{token, password}` → 200 `{email, message}`: the password is replaced and
 * every session of the account ends. 400 VALIDATION_FAILED for a password the
 * policy refuses (the link stays usable), LINK_EXPIRED or LINK_INVALID.
 */
export default apiRoute({
  async POST(req) {
    const input = await parseJsonBody(req, resetPasswordSchema);
    return json(200, (await resetPassword(input, requestContextOf(req))) satisfies PasswordResetResponse);
  },
});
