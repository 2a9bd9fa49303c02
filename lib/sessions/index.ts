import "#server-only";

/**
 * Signed-in devices: the `sessions` documents that make JWT sessions
 * revocable. A signed-in person's own list and sign-outs go through the data
 * door (own-devices.ts, views.ts); the repository serves sign-in and sign-out.
 */
export { assertRecentAuthentication, pastAbsoluteLifetime } from "./freshness";
export { revokeOtherDeviceSessions, revokeOwnDeviceSession } from "./own-devices";
export { createDeviceSession, deleteExpiredDeviceSessions, liveAt, newDeviceSession, revokeAllDeviceSessions, revokeDeviceSession, touchDeviceSession } from "./repository";
export { deviceView, listDeviceSessions } from "./views";
