import { resendVerificationByEmail } from "@/lib/email-flows";
import { emailOnlySchema, type NeutralAnswer } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * `{email}` → 200 with the same message whatever the email: a new
 * confirmation link for an unverified password account (the sign-in page's
 * "Send a new link" when REQUIRE_EMAIL_VERIFICATION refused a sign-in).
 */
export default apiRoute({
  async POST(req) {
    const { email } = await parseJsonBody(req, emailOnlySchema);
    return json(200, (await resendVerificationByEmail(email, requestContextOf(req))) satisfies NeutralAnswer);
  },
});
