import type { PageConfig } from "next";
import { requestPasswordReset } from "@/lib/email-flows";
import { emailOnlySchema, type NeutralAnswer } from "@/lib/email-flows/shared";
import { apiRoute, assertSameOrigin, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: PageConfig = { api: { bodyParser: false } };

/**
 * `{email}` → 200 with the same message, at once, whether or not an account
 * uses that email; when one does, it gets a reset link (or, without a
 * password, a mail naming its provider). 429 past the per-address or
 * per-network limit.
 */
export default apiRoute({
  async POST(req, res) {
    assertSameOrigin(req);
    const { email } = await parseJsonBody(req, emailOnlySchema);
    res.status(200).json((await requestPasswordReset(email, requestContextOf(req))) satisfies NeutralAnswer);
  },
});
