import "client-only";
import { useCallback } from "react";
import useSWR from "swr";
import { fetcher, sendJson } from "../api-client";
import type { DeleteHistoryResponse, PreferencesResponse, PreferencesUpdate } from "@/lib/generation/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET` and `PATCH /api/user/preferences`, and the SWR key. */
const PREFERENCES_URL = ACCOUNT_READ_URLS.preferences;

/**
 * The account's generation preferences (whether history keeps prompts and
 * answers), and deleting the whole history. Both throw `ApiError`.
 */
export function usePreferences() {
  const { data, error, isLoading, mutate } = useSWR<PreferencesResponse, Error>(PREFERENCES_URL, fetcher<PreferencesResponse>);

  const updatePreferences = useCallback(
    async (update: PreferencesUpdate) => {
      const response = await sendJson<PreferencesResponse>(PREFERENCES_URL, "PATCH", update);
      await mutate(response, { revalidate: false });
      return response.preferences;
    },
    [mutate],
  );

  /** `DELETE /api/user/generations`: every entry's text; resolves to how many entries were deleted. */
  const deleteAllHistory = useCallback(async () => {
    const { deleted } = await sendJson<DeleteHistoryResponse>("/api/user/generations", "DELETE");
    return deleted;
  }, []);

  return { preferences: data?.preferences, error, isLoading, reload: mutate, updatePreferences, deleteAllHistory };
}
