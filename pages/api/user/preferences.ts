import { withAuth } from "@/lib/auth";
import { preferencesUpdateSchema, type PreferencesResponse } from "@/lib/generation/shared";
import { apiRoute, type ApiRouteConfig, HttpError, json, parseJsonBody } from "@/lib/http";
import { updatePreferences } from "@/lib/users";
import { accountReads } from "@/lib/account-reads";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** The signed-in user's preferences (for now, whether generation history is kept). */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.preferences(auth))),
  PATCH: withAuth(async (req, _res, { data }) => {
    const preferences = await updatePreferences(data, await parseJsonBody(req, preferencesUpdateSchema));
    if (!preferences) throw HttpError.accountNotFound();
    return json(200, { preferences } satisfies PreferencesResponse);
  }),
});
