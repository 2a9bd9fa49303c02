import "#server-only";
import type { DataAccess, Readable } from "@/lib/access";
import { shortDeviceName } from "@/lib/http";
import { ownId } from "@/lib/access/shared";
import { authEventCutoff } from "./record";
import type { AuthEvent } from "./repository";
import { AUTH_EVENTS_LIST_LIMIT, describeAuthEvent, isWarningEvent, type AuthEventView } from "./shared";

/** An event as the Settings page and the admin console show it: in plain words, never the raw User-Agent. */
export function authEventView(event: Readable<AuthEvent, "emailHash">): Omit<AuthEventView, "current"> {
  return {
    id: event._id.toString(),
    type: event.type,
    at: event.at.toISOString(),
    description: describeAuthEvent(event.type, event.detail ?? {}),
    device: shortDeviceName(event.userAgent),
    ip: event.ip,
    warning: isWarningEvent(event.type),
  };
}

/**
 * The signed-in user's security activity as the Settings page shows it,
 * read through the data door (lib/access): their own events of the retention
 * period only, newest first (the latest AUTH_EVENTS_LIST_LIMIT, or "all" for
 * the data export), in plain words; the email hash (which the door
 * never returns) and the raw User-Agent stay on the server.
 */
export async function listAuthEvents(data: DataAccess, currentDeviceSessionId?: string, limit: number | "all" = AUTH_EVENTS_LIST_LIMIT): Promise<AuthEventView[]> {
  const events = await data.authEvents.find(
    { userId: ownId(data), at: { $gte: authEventCutoff() } },
    { sort: { at: -1, _id: -1 }, ...(limit === "all" ? {} : { limit }) },
  );
  return events.map((event) => ({
    ...authEventView(event),
    current: Boolean(currentDeviceSessionId) && event.deviceSessionId?.toString() === currentDeviceSessionId,
  }));
}
