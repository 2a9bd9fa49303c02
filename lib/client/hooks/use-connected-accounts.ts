import "client-only";
import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { ConnectedAccountsResponse, OAuthProviderId } from "@/lib/accounts/shared";
import { fetcher, sendJson } from "../api-client";
import { AUTH_EVENTS_URL } from "./use-auth-events";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/accounts`, and the SWR key. */
const CONNECTED_ACCOUNTS_URL = ACCOUNT_READ_URLS.connectedAccounts;

/**
 * The providers linked to this account and the ones it could connect;
 * `disconnect` unlinks one, then re-reads the list (and the security
 * activity) whatever happened.
 */
export function useConnectedAccounts() {
  const { data, error, mutate: reload } = useSWR<ConnectedAccountsResponse, Error>(CONNECTED_ACCOUNTS_URL, fetcher<ConnectedAccountsResponse>);
  const { mutate } = useSWRConfig();

  const disconnect = useCallback(
    async (provider: OAuthProviderId) => {
      try {
        await sendJson<void>(`${CONNECTED_ACCOUNTS_URL}/${encodeURIComponent(provider)}`, "DELETE");
      } finally {
        void mutate(CONNECTED_ACCOUNTS_URL);
        void mutate(AUTH_EVENTS_URL);
      }
    },
    [mutate],
  );

  return { connections: data, error, reload, disconnect };
}
