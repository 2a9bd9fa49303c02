import { z } from "zod";
import { recordAuthEvent } from "@/lib/audit";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, HttpError, requestContextOf } from "@/lib/http";
import { revokeOwnDeviceSession } from "@/lib/sessions";
import { ownId } from "@/lib/access/shared";

const sessionIdSchema = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, "Not a session id") });

/** Signs out one of the user's devices (within SESSION_REVALIDATE_SECONDS). Other users' sessions are "not found". */
export default apiRoute({
  DELETE: withAuth(async (req, res, { session, data }) => {
    assertSameOrigin(req);
    const { id } = sessionIdSchema.parse(req.query);
    const revoked = await revokeOwnDeviceSession(data, id);
    if (!revoked) throw HttpError.notFound("No such session");
    void recordAuthEvent({
      type: "session.revoked",
      scope: "device",
      userId: ownId(data),
      deviceSessionId: session.deviceSessionId,
      context: requestContextOf(req),
    });
    res.status(204).end();
  }),
});
