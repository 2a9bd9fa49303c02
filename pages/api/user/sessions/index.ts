import { apiRoute } from "@/lib/api/handler";
import { listDeviceSessions, revokeOtherDeviceSessions } from "@/lib/auth/device-sessions";
import { withAuth } from "@/lib/auth/session";
import { assertSameOrigin } from "@/lib/request";
import { describeUserAgent } from "@/lib/user-agent";
import type { SessionsResponse } from "@/lib/validations/user";

/** The signed-in user's devices; DELETE signs out every device but this one. */
export default apiRoute({
  GET: withAuth(async (_req, res, session) => {
    const devices = await listDeviceSessions(session.user.id);
    const sessions = devices.map((device) => ({
      id: device._id.toString(),
      current: device._id.toString() === session.deviceSessionId,
      ...describeUserAgent(device.userAgent),
      ip: device.ip,
      createdAt: device.createdAt.toISOString(),
      lastSeenAt: device.lastSeenAt.toISOString(),
    }));
    res.status(200).json({ sessions } satisfies SessionsResponse);
  }),
  DELETE: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const revoked = await revokeOtherDeviceSessions(session.user.id, session.deviceSessionId);
    res.status(200).json({ revoked });
  }),
});
