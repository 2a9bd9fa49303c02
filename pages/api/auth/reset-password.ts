import type { PageConfig } from "next";
import { resetPassword } from "@/lib/email-flows";
import { resetPasswordSchema, type PasswordResetResponse } from "@/lib/email-flows/shared";
import { apiRoute, assertSameOrigin, parseJsonBody, requestContextOf } from "@/lib/http";

export const config: PageConfig = { api: { bodyParser: false } };

/**
 * `{token, password}` → 200 `{email, message}`: the password is replaced and
 * every session of the account ends. 400 VALIDATION_FAILED for a password the
 * policy refuses (the link stays usable), LINK_EXPIRED or LINK_INVALID.
 */
export default apiRoute({
  async POST(req, res) {
    assertSameOrigin(req);
    const input = await parseJsonBody(req, resetPasswordSchema);
    res.status(200).json((await resetPassword(input, requestContextOf(req))) satisfies PasswordResetResponse);
  },
});
