import type { PageConfig } from "next";
import { accountNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { withAuth } from "@/lib/auth/session";
import { assertSameOrigin, parseJsonBody } from "@/lib/request";
import { toPublicUser, updateUser } from "@/lib/users";
import { profileUpdateSchema, type MeResponse } from "@/lib/validations/user";

export const config: PageConfig = { api: { bodyParser: false } };

/** Changes the signed-in user's name and picture; the client then calls `useSession().update()`. */
export default apiRoute({
  PATCH: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const update = await parseJsonBody(req, profileUpdateSchema);
    const user = await updateUser(session.user.email ?? "", update);
    if (!user) throw accountNotFound();
    res.status(200).json({ user: toPublicUser(user) } satisfies MeResponse);
  }),
});
