import type { PageConfig } from "next";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, HttpError, parseJsonBody } from "@/lib/http";
import { updateNoticeSettings } from "@/lib/notices";
import { noticeSettingsUpdateSchema, type NoticeSettingsResponse } from "@/lib/notices/shared";
import { accountReads } from "@/lib/account-reads";

export const config: PageConfig = { api: { bodyParser: false } };

/** Which optional security notices the signed-in user gets (`newSignIn`, `apiKeyAdded`), and where they go. */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.notices(auth));
  }),
  PATCH: withAuth(async (req, res, { data }) => {
    assertSameOrigin(req);
    const recipient = await updateNoticeSettings(data, await parseJsonBody(req, noticeSettingsUpdateSchema));
    if (!recipient) throw HttpError.accountNotFound();
    res.status(200).json({ notices: recipient.settings, email: recipient.email } satisfies NoticeSettingsResponse);
  }),
});
