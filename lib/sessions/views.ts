import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { describeUserAgent } from "@/lib/http";
import { ownId } from "@/lib/access/shared";
import { liveAt, type DeviceSession } from "./repository";
import type { DeviceSessionView } from "./shared";

/** A device as lists show it (Settings, the admin console): browser and system from its User-Agent, never the token. */
export function deviceView(device: Pick<DeviceSession, "_id" | "userAgent" | "ip" | "createdAt" | "lastSeenAt">): Omit<DeviceSessionView, "current"> {
  return {
    id: device._id.toString(),
    ...describeUserAgent(device.userAgent),
    ip: device.ip,
    createdAt: device.createdAt.toISOString(),
    lastSeenAt: device.lastSeenAt.toISOString(),
  };
}

/**
 * Devices a list shows, at most: the most recently active (the current one
 * among them, as it was just used). "Sign out everywhere else" reaches the
 * rest; without a bound, an account signed in from a script on every run
 * would make each Settings render read and describe hundreds.
 */
const DEVICE_LIST_LIMIT = 50;

/**
 * The signed-in user's live devices as the Settings page lists them:
 * `currentId` marked as this device and first, then the others, most recently
 * active first. Live means not expired and used within SESSION_MAX_AGE (a
 * device keeps the expiry of its last use, under a SESSION_MAX_AGE that may
 * since have been shortened); the userId index narrows it to one user's few devices.
 */
export async function listDeviceSessions(data: DataAccess, currentId: string): Promise<DeviceSessionView[]> {
  const live = { userId: ownId(data), ...liveAt(new Date()) };
  const devices = await data.deviceSessions.find(live, { sort: { lastSeenAt: -1 }, limit: DEVICE_LIST_LIMIT });
  // Other devices stamped later than this one (a clock ahead) can fill the list: then this one is read on its own.
  if (!devices.some((device) => device._id.toString() === currentId) && Types.ObjectId.isValid(currentId)) {
    const current = await data.deviceSessions.findOne({ ...live, _id: new Types.ObjectId(currentId) });
    if (current) devices.splice(DEVICE_LIST_LIMIT - 1, devices.length, current);
  }
  const views = devices.map((device) => ({ ...deviceView(device), current: device._id.toString() === currentId }));
  // A stable sort: the others keep the query's order.
  return views.sort((a, b) => Number(b.current) - Number(a.current));
}
