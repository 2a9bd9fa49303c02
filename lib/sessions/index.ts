import "#server-only";

/** Signed-in devices: the `sessions` documents that make JWT sessions revocable. */
export { assertRecentAuthentication, pastAbsoluteLifetime } from "./freshness";
export {
  createDeviceSession,
  replaceDeviceSession,
  revokeDeviceSession,
  revokeOtherDeviceSessions,
  touchDeviceSession,
  type RequestContext,
} from "./repository";
export { listDeviceSessions } from "./views";
