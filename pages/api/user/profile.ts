import { withAuth } from "@/lib/auth";
import { apiRoute, type ApiRouteConfig, HttpError, json, parseJsonBody } from "@/lib/http";
import { toPublicUser, updateUser } from "@/lib/users";
import { profileUpdateSchema, type MeResponse } from "@/lib/users/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** Changes the signed-in user's name and picture; the client then calls `useSession().update()`. */
export default apiRoute({
  PATCH: withAuth(async (req, _res, { data }) => {
    const update = await parseJsonBody(req, profileUpdateSchema);
    const user = await updateUser(data, update);
    if (!user) throw HttpError.accountNotFound();
    return json(200, { user: toPublicUser(user, user.hasPassword) } satisfies MeResponse);
  }),
});
