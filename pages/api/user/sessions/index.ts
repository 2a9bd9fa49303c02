import { recordAuthEvent } from "@/lib/audit";
import { withAuth } from "@/lib/auth";
import { cancelEmailChange } from "@/lib/email-flows";
import { apiRoute, json, requestContextOf } from "@/lib/http";
import { revokeOtherDeviceSessions } from "@/lib/sessions";
import { accountReads } from "@/lib/account-reads";
import { ownId } from "@/lib/access/shared";

/** The signed-in user's devices; DELETE signs out every device but this one, and ends a pending email change. */
export default apiRoute({
  GET: withAuth(async (_req, _res, auth) => json(200, await accountReads.sessions(auth))),
  DELETE: withAuth(async (req, _res, { session, data }) => {
    const revoked = await revokeOtherDeviceSessions(data, session.deviceSessionId);
    if (revoked > 0) {
      // The change may have been asked for from a device just signed out (an intruder's): its link must not outlive it.
      await cancelEmailChange(data);
      await recordAuthEvent({
        type: "session.revoked",
        scope: "others",
        count: revoked,
        userId: ownId(data),
        deviceSessionId: session.deviceSessionId,
        context: requestContextOf(req),
      });
    }
    return json(200, { revoked });
  }),
});
