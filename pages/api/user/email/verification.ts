import { withAuth } from "@/lib/auth";
import { resendVerificationToSelf } from "@/lib/email-flows";
import { apiRoute, json, requestContextOf } from "@/lib/http";
import type { MailDeliveryResponse } from "@/lib/mail/shared";

/** POST: a new confirmation link to the signed-in user's unverified address. 409 when already verified. */
export default apiRoute({
  POST: withAuth(async (req, _res, { data }) => {
    return json(200, (await resendVerificationToSelf(data, requestContextOf(req))) satisfies MailDeliveryResponse);
  }),
});
