import type { PageConfig } from "next";
import { withAuth } from "@/lib/auth";
import { cancelEmailChange, requestEmailChange } from "@/lib/email-flows";
import { emailChangeSchema } from "@/lib/email-flows/shared";
import { apiRoute, assertSameOrigin, parseJsonBody, requestContextOf } from "@/lib/http";
import type { MailDeliveryResponse } from "@/lib/mail/shared";
import { accountReads } from "@/lib/account-reads";

export const config: PageConfig = { api: { bodyParser: false } };

/**
 * The signed-in user's email. GET: the address, whether it is verified, and a
 * pending change. POST `{newEmail, currentPassword?}`: sends a confirmation
 * link to the new address (202; the change waits for it). DELETE: forgets a
 * pending change (204).
 */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.email(auth));
  }),
  POST: withAuth(async (req, res, { session, data }) => {
    assertSameOrigin(req);
    const change = await parseJsonBody(req, emailChangeSchema);
    const caller = { authTime: session.authTime, client: requestContextOf(req) };
    res.status(202).json((await requestEmailChange(data, caller, change)) satisfies MailDeliveryResponse);
  }),
  DELETE: withAuth(async (req, res, { data }) => {
    assertSameOrigin(req);
    await cancelEmailChange(data);
    res.status(204).end();
  }),
});
