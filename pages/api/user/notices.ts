import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, json, parseJsonBody } from "@/lib/http";
import { updateNoticeSettings } from "@/lib/notices";
import { noticeSettingsUpdateSchema, type NoticeSettingsResponse } from "@/lib/notices/shared";
import { accountReads } from "@/lib/account-reads";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** Which optional security notices the signed-in user gets (`newSignIn`, `apiKeyAdded`), and where they go. */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.notices(auth))),
  PATCH: withAuth(async (req, _res, { data }) => {
    const recipient = await updateNoticeSettings(data, await parseJsonBody(req, noticeSettingsUpdateSchema));
    if (!recipient) throw HttpError.accountNotFound();
    return json(200, { notices: recipient.settings, email: recipient.email } satisfies NoticeSettingsResponse);
  }),
});
