import { recordAuthEvent } from "@/lib/audit";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, requestContextOf } from "@/lib/http";
import { revokeOtherDeviceSessions } from "@/lib/sessions";
import { accountReads } from "@/lib/page-data";

/** The signed-in user's devices; DELETE signs out every device but this one. */
export default apiRoute({
  GET: withAuth(async (_req, res, session) => {
    res.status(200).json(await accountReads.sessions(session));
  }),
  DELETE: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const revoked = await revokeOtherDeviceSessions(session.user.id, session.deviceSessionId);
    if (revoked > 0) {
      void recordAuthEvent({
        type: "session.revoked",
        scope: "others",
        count: revoked,
        userId: session.user.id,
        deviceSessionId: session.deviceSessionId,
        context: requestContextOf(req),
      });
    }
    res.status(200).json({ revoked });
  }),
});
