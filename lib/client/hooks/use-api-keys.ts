import "client-only";
import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import { fetcher, sendJson } from "../api-client";
import { AUTH_EVENTS_URL } from "./use-auth-events";
import type { ApiKeyProvider, ApiKeysResponse, ApiKeysUpdateResponse } from "@/lib/vault/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET` and `POST /api/user/api-keys`, and the SWR key. */
const API_KEYS_URL = ACCOUNT_READ_URLS.apiKeys;

/**
 * The vault, masked. `setApiKey` stores a key (a string) or removes it (null);
 * the server answers with the whole masked vault, which replaces the cache, so
 * the browser never holds a key longer than the request that sends it, and
 * with what the provider said of a new key (`check`), which it returns.
 */
export function useApiKeys() {
  const { data, error, isLoading, mutate } = useSWR<ApiKeysResponse, Error>(API_KEYS_URL, fetcher<ApiKeysResponse>);
  const { mutate: revalidate } = useSWRConfig();

  /** Also re-reads the security activity, which now lists the change. */
  const setApiKey = useCallback(
    async (provider: ApiKeyProvider, value: string | null) => {
      const response = await sendJson<ApiKeysUpdateResponse>(API_KEYS_URL, "POST", { [provider]: value });
      await mutate({ apiKeys: response.apiKeys }, { revalidate: false });
      void revalidate(AUTH_EVENTS_URL);
      return response;
    },
    [mutate, revalidate],
  );

  return { apiKeys: data?.apiKeys, error, isLoading, reload: mutate, setApiKey };
}
