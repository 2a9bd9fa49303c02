/** The device list's shapes, shared by the API and the Settings page. */

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
