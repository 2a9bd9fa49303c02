import { listAuthEvents } from "@/lib/audit";
import type { AuthEventsResponse } from "@/lib/audit/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute } from "@/lib/http";

/** The signed-in user's own security activity: the last 50 events of the past 90 days, newest first, in plain words. */
export default apiRoute({
  GET: withAuth(async (_req, res, session) => {
    const events = await listAuthEvents(session.user.id, session.deviceSessionId);
    res.status(200).json({ events } satisfies AuthEventsResponse);
  }),
});
