/** The device list's shapes, and the re-authentication window, shared by the API and the Settings page. */

/** How recent the last authentication must be for an action that could take over the account. */
const REAUTH_WINDOW_MS = 10 * 60 * 1000;

/** Whether an action that needs a recent sign-in would be refused now (the server decides; the page asks first). */
export function isAuthenticationStale(authTime: number, now = Date.now()): boolean {
  return !(now - authTime <= REAUTH_WINDOW_MS);
}

/** One row of `GET /api/user/sessions`. */
export interface DeviceSessionView {
  id: string;
  /** The session making this request. */
  current: boolean;
  browser: string;
  os: string;
  ip: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface SessionsResponse {
  sessions: DeviceSessionView[];
}
