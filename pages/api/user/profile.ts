import type { PageConfig } from "next";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, HttpError, parseJsonBody } from "@/lib/http";
import { toPublicUser, updateUser } from "@/lib/users";
import { profileUpdateSchema, type MeResponse } from "@/lib/users/shared";

export const config: PageConfig = { api: { bodyParser: false } };

/** Changes the signed-in user's name and picture; the client then calls `useSession().update()`. */
export default apiRoute({
  PATCH: withAuth(async (req, res, { data }) => {
    assertSameOrigin(req);
    const update = await parseJsonBody(req, profileUpdateSchema);
    const user = await updateUser(data, update);
    if (!user) throw HttpError.accountNotFound();
    res.status(200).json({ user: toPublicUser(user, user.hasPassword) } satisfies MeResponse);
  }),
});
