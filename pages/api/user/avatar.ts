import { withAuth } from "@/lib/auth";
import { receiveAvatar, removeAvatar, saveAvatar } from "@/lib/avatars";
import { apiRoute, type ApiRouteConfig, HttpError, json, noContent } from "@/lib/http";
import { findOwnUser, toPublicUser } from "@/lib/users";
import type { MeResponse } from "@/lib/users/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * The signed-in user's uploaded picture. POST: the image's bytes as the body
 * (image/png, image/jpeg or image/webp, at most 5 MB; optional `?x=&y=&size=`
 * crop), stored re-encoded and set as the picture; answers the account as
 * `GET /api/user/me` does. DELETE: removes it (204).
 */
export default apiRoute({
  POST: withAuth(async (req, _res, { data }) => {
    await saveAvatar(data, await receiveAvatar(req, data));
    const user = await findOwnUser(data);
    if (!user) throw HttpError.accountNotFound();
    return json(200, { user: toPublicUser(user, user.hasPassword) } satisfies MeResponse);
  }),
  DELETE: withAuth(async (_req, _res, { data }) => {
    await removeAvatar(data);
    return noContent();
  }),
});
