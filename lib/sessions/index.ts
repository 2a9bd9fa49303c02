import "#server-only";

/** Signed-in devices: the `sessions` documents that make JWT sessions revocable. */
export { assertRecentAuthentication, pastAbsoluteLifetime } from "./freshness";
export {
  createDeviceSession,
  replaceDeviceSession,
  revokeAllDeviceSessions,
  revokeDeviceSession,
  revokeOtherDeviceSessions,
  touchDeviceSession,
} from "./repository";
export { listDeviceSessions } from "./views";
