import { z } from "zod";
import { recordAuthEvent } from "@/lib/audit";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, HttpError, requestContextOf } from "@/lib/http";
import { revokeDeviceSession } from "@/lib/sessions";

const sessionIdSchema = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, "Not a session id") });

/** Signs out one of the user's devices (within SESSION_REVALIDATE_SECONDS). Other users' sessions are "not found". */
export default apiRoute({
  DELETE: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const { id } = sessionIdSchema.parse(req.query);
    const revoked = await revokeDeviceSession(id, session.user.id);
    if (!revoked) throw HttpError.notFound("No such session");
    void recordAuthEvent({
      type: "session.revoked",
      scope: "device",
      userId: session.user.id,
      deviceSessionId: session.deviceSessionId,
      context: requestContextOf(req),
    });
    res.status(204).end();
  }),
});
