import "client-only";
import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import { fetcher, sendJson } from "../api-client";
import { AUTH_EVENTS_URL } from "./use-auth-events";
import type { SessionsResponse } from "@/lib/sessions/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/sessions`, and the SWR key. */
export const SESSIONS_URL = ACCOUNT_READ_URLS.sessions;

/**
 * The devices signed in to this account (newest activity first), and the two
 * ways to sign them out. Both re-read the list (and the security activity)
 * afterwards, whatever happened, since a failure (404: already gone) also
 * means the list is stale.
 */
export function useSessions() {
  const { data, error, isLoading, mutate } = useSWR<SessionsResponse, Error>(SESSIONS_URL, fetcher<SessionsResponse>);
  const { mutate: revalidate } = useSWRConfig();

  /** `DELETE /api/user/sessions/<id>`: that device is signed out at its next request. */
  const revokeSession = useCallback(
    async (id: string) => {
      try {
        await sendJson<void>(`${SESSIONS_URL}/${encodeURIComponent(id)}`, "DELETE");
      } finally {
        void mutate();
        void revalidate(AUTH_EVENTS_URL);
      }
    },
    [mutate, revalidate],
  );

  /** `DELETE /api/user/sessions`: every device but this one; resolves to how many were signed out. */
  const revokeOtherSessions = useCallback(async () => {
    try {
      const { revoked } = await sendJson<{ revoked: number }>(SESSIONS_URL, "DELETE");
      return revoked;
    } finally {
      void mutate();
      void revalidate(AUTH_EVENTS_URL);
    }
  }, [mutate, revalidate]);

  return { sessions: data?.sessions, error, isLoading, reload: mutate, revokeSession, revokeOtherSessions };
}
