import { withAuth } from "@/lib/auth";
import { cancelEmailChange, requestEmailChange } from "@/lib/email-flows";
import { emailChangeSchema } from "@/lib/email-flows/shared";
import { apiRoute, type ApiRouteConfig, json, noContent, parseJsonBody, requestContextOf } from "@/lib/http";
import type { MailDeliveryResponse } from "@/lib/mail/shared";
import { accountReads } from "@/lib/account-reads";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * The signed-in user's email. GET: the address, whether it is verified, and a
 * pending change. POST `{newEmail, currentPassword?}`: sends a confirmation
 * link to the new address (202; the change waits for it). DELETE: forgets a
 * pending change (204).
 */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.email(auth))),
  POST: withAuth(async (req, _res, { session, data }) => {
    const change = await parseJsonBody(req, emailChangeSchema);
    const caller = { authTime: session.authTime, client: requestContextOf(req) };
    return json(202, (await requestEmailChange(data, caller, change)) satisfies MailDeliveryResponse);
  }),
  DELETE: withAuth(async (_req, _res, { data }) => {
    await cancelEmailChange(data);
    return noContent();
  }),
});
