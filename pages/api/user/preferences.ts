import type { PageConfig } from "next";
import { withAuth } from "@/lib/auth";
import { preferencesUpdateSchema, type PreferencesResponse } from "@/lib/generation/shared";
import { apiRoute, assertSameOrigin, HttpError, parseJsonBody } from "@/lib/http";
import { updatePreferences } from "@/lib/users";
import { accountReads } from "@/lib/account-reads";

export const config: PageConfig = { api: { bodyParser: false } };

/** The signed-in user's preferences (for now, whether generation history is kept). */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.preferences(auth));
  }),
  PATCH: withAuth(async (req, res, { data }) => {
    assertSameOrigin(req);
    const preferences = await updatePreferences(data, await parseJsonBody(req, preferencesUpdateSchema));
    if (!preferences) throw HttpError.accountNotFound();
    res.status(200).json({ preferences } satisfies PreferencesResponse);
  }),
});
