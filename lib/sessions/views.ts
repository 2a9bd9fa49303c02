import "#server-only";
import { describeUserAgent } from "@/lib/http";
import { findLiveDeviceSessions } from "./repository";
import type { DeviceSessionView } from "./shared";

/**
 * The user's live devices as the Settings page lists them: `currentId` marked
 * as this device and first, then the others, most recently active first.
 */
export async function listDeviceSessions(userId: string, currentId: string): Promise<DeviceSessionView[]> {
  const devices = await findLiveDeviceSessions(userId);
  const views = devices.map((device) => ({
    id: device._id.toString(),
    current: device._id.toString() === currentId,
    ...describeUserAgent(device.userAgent),
    ip: device.ip,
    createdAt: device.createdAt.toISOString(),
    lastSeenAt: device.lastSeenAt.toISOString(),
  }));
  // A stable sort: the others keep the repository's order.
  return views.sort((a, b) => Number(b.current) - Number(a.current));
}
