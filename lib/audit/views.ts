import "#server-only";
import { shortDeviceName } from "@/lib/http";
import { retentionCutoff } from "./record";
import { findRecentAuthEvents } from "./repository";
import { AUTH_EVENTS_LIST_LIMIT, describeAuthEvent, isWarningEvent, type AuthEventView } from "./shared";

/**
 * The user's security activity as the Settings page shows it: their own
 * events of the retention period only, newest first, in plain words; the
 * email hash and the raw User-Agent stay on the server.
 */
export async function listAuthEvents(userId: string, currentDeviceSessionId?: string): Promise<AuthEventView[]> {
  const events = await findRecentAuthEvents(userId, retentionCutoff(), AUTH_EVENTS_LIST_LIMIT);
  return events.map((event) => ({
    id: event._id.toString(),
    type: event.type,
    at: event.at.toISOString(),
    description: describeAuthEvent(event.type, event.detail ?? {}),
    device: shortDeviceName(event.userAgent),
    ip: event.ip,
    current: Boolean(currentDeviceSessionId) && event.deviceSessionId?.toString() === currentDeviceSessionId,
    warning: isWarningEvent(event.type),
  }));
}
