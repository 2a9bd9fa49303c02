import { recordAuthEvent } from "@/lib/audit";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, requestContextOf } from "@/lib/http";
import { revokeOtherDeviceSessions } from "@/lib/sessions";
import { accountReads } from "@/lib/page-data";
import { ownId } from "@/lib/access/shared";

/** The signed-in user's devices; DELETE signs out every device but this one. */
export default apiRoute({
  GET: withAuth(async (_req, res, auth) => {
    res.status(200).json(await accountReads.sessions(auth));
  }),
  DELETE: withAuth(async (req, res, { session, data }) => {
    assertSameOrigin(req);
    const revoked = await revokeOtherDeviceSessions(data, session.deviceSessionId);
    if (revoked > 0) {
      void recordAuthEvent({
        type: "session.revoked",
        scope: "others",
        count: revoked,
        userId: ownId(data),
        deviceSessionId: session.deviceSessionId,
        context: requestContextOf(req),
      });
    }
    res.status(200).json({ revoked });
  }),
});
