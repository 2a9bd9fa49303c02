import { accountNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { withAuth } from "@/lib/auth/session";
import { getUserById, toPublicUser } from "@/lib/users";

/** The signed-in user (never the password hash or the vault). */
export default apiRoute({
  GET: withAuth(async (_req, res, session) => {
    const user = await getUserById(session.user.id, { withPasswordHash: true });
    if (!user) throw accountNotFound();
    res.status(200).json({ user: toPublicUser(user) });
  }),
});
