import { recordAuthEvent } from "@/lib/audit";
import { withAuth } from "@/lib/auth";
import { apiRoute, HttpError, noContent, requestContextOf } from "@/lib/http";
import { revokeOwnDeviceSession } from "@/lib/sessions";
import { ownId } from "@/lib/access/shared";
import { objectIdParamSchema } from "@/lib/http/shared";

const sessionIdSchema = objectIdParamSchema("Not a session id");

/** Signs out one of the user's devices (within SESSION_REVALIDATE_SECONDS). Other users' sessions are "not found". */
export default apiRoute({
  DELETE: withAuth(async (req, _res, { session, data }) => {
    const { id } = sessionIdSchema.parse(req.query);
    const revoked = await revokeOwnDeviceSession(data, id);
    if (!revoked) throw HttpError.notFound("No such session");
    await recordAuthEvent({
      type: "session.revoked",
      scope: "device",
      userId: ownId(data),
      deviceSessionId: session.deviceSessionId,
      context: requestContextOf(req),
    });
    return noContent();
  }),
});
