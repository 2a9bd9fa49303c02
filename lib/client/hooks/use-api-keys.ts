import "client-only";
import { useCallback } from "react";
import useSWR from "swr";
import { fetcher, sendJson } from "../api-client";
import type { ApiKeyProvider, ApiKeysResponse } from "@/lib/vault/shared";

/** `GET` and `POST /api/user/api-keys`, and the SWR key. */
const API_KEYS_URL = "/api/user/api-keys";

/**
 * The vault, masked. `setApiKey` stores a key (a string) or removes it (null);
 * the server answers with the whole masked vault, which replaces the cache, so
 * the browser never holds a key longer than the request that sends it.
 */
export function useApiKeys() {
  const { data, error, isLoading, mutate } = useSWR<ApiKeysResponse, Error>(API_KEYS_URL, fetcher<ApiKeysResponse>);

  const setApiKey = useCallback(
    async (provider: ApiKeyProvider, value: string | null) => {
      const response = await sendJson<ApiKeysResponse>(API_KEYS_URL, "POST", { [provider]: value });
      await mutate(response, { revalidate: false });
      return response;
    },
    [mutate],
  );

  return { apiKeys: data?.apiKeys, error, isLoading, reload: mutate, setApiKey };
}
