import { z } from "zod";
import { ErrorCode, HttpError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { revokeDeviceSession } from "@/lib/auth/device-sessions";
import { withAuth } from "@/lib/auth/session";
import { assertSameOrigin } from "@/lib/request";

const sessionIdSchema = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, "Not a session id") });

/** Signs out one of the user's devices (within SESSION_REVALIDATE_SECONDS). Other users' sessions are "not found". */
export default apiRoute({
  DELETE: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const { id } = sessionIdSchema.parse(req.query);
    const revoked = await revokeDeviceSession(id, session.user.id);
    if (!revoked) throw new HttpError(404, ErrorCode.NotFound, "No such session");
    res.status(204).end();
  }),
});
