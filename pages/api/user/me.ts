import { withAuth } from "@/lib/auth";
import { apiRoute, HttpError } from "@/lib/http";
import { getUser, toPublicUser } from "@/lib/users";
import type { MeResponse } from "@/lib/users/shared";

/** The signed-in user (never the password hash or the vault). */
export default apiRoute({
  GET: withAuth(async (_req, res, session) => {
    const user = await getUser(session.user.id, { withPasswordHash: true });
    if (!user) throw HttpError.accountNotFound();
    res.status(200).json({ user: toPublicUser(user) } satisfies MeResponse);
  }),
});
