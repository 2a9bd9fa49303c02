/**
 * The account's GET endpoints whose answers signed-in pages render on the
 * server: each URL is also the SWR key of the hook that reads it, so the
 * server's answer becomes the hook's first data and nothing jumps when the
 * page hydrates. Browser-safe.
 */
export const ACCOUNT_READ_URLS = {
  me: "/api/user/me",
  email: "/api/user/email",
  connectedAccounts: "/api/user/accounts",
  apiKeys: "/api/user/api-keys",
  preferences: "/api/user/preferences",
  sessions: "/api/user/sessions",
  notices: "/api/user/notices",
  activity: "/api/user/activity",
  twoFactor: "/api/user/two-factor",
  passkeys: "/api/user/passkeys",
  /** The last 30 days (the route's default). */
  usage: "/api/user/usage",
} as const;

export type AccountRead = keyof typeof ACCOUNT_READ_URLS;

/** The days Settings → Generation's usage report covers (`GET /api/user/usage` without `days`). */
export const USAGE_REPORT_DAYS = 30;

/** `GET /api/user/generations` (history, newest first) and `/api/user/generations/<id>`. */
export const GENERATIONS_URL = "/api/user/generations";

/** Entries per page of the history list on /generate. */
export const HISTORY_PAGE_SIZE = 20;

/** How many recent generations the start page lists. */
export const RECENT_GENERATIONS_COUNT = 5;

/** The URL of one page of history: `pageSize` entries older than `cursor` (the previous page's `nextCursor`). */
export function historyPageUrl(pageSize: number, cursor: string | null): string {
  const before = cursor ? `&before=${encodeURIComponent(cursor)}` : "";
  return `${GENERATIONS_URL}?limit=${pageSize}${before}`;
}

/** `GET /api/user/conversations` (the history on /generate, last used first) and `/api/user/conversations/<id>`. */
export const CONVERSATIONS_URL = "/api/user/conversations";

/** The URL of one page of conversations: those whose title holds `query` (all when empty), older than `cursor`. */
export function conversationsPageUrl(query: string, cursor: string | null): string {
  const params = new URLSearchParams();
  if (query) params.set("query", query);
  if (cursor) params.set("before", cursor);
  const search = params.toString();
  return search ? `${CONVERSATIONS_URL}?${search}` : CONVERSATIONS_URL;
}

/** SWR's `fallback`: answers the server already has, by SWR key. */
export type SwrFallback = Record<string, unknown>;

/** The start page's first steps after sign-up (the account itself is the first, always done). */
export interface OnboardingProgress {
  /** The account's address is verified (storing a key and generating need it). */
  emailVerified: boolean;
  /** A Together AI key is in the vault, readable, and not refused by Together AI when last checked. */
  apiKeyAdded: boolean;
  /** An answer was generated to the end at least once. */
  firstCodeGenerated: boolean;
}
