import "client-only";
import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import { fetcher, sendJson } from "../api-client";
import { AUTH_EVENTS_URL } from "./use-auth-events";
import { SESSIONS_URL } from "./use-sessions";
import type { MeResponse, PasswordChange, ProfileUpdate } from "@/lib/users/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/me`; also the SWR key, so every component reading the account shares one request. */
const ME_URL = ACCOUNT_READ_URLS.me;

/**
 * The signed-in account, and the two changes Settings makes to it. Both
 * throw `ApiError` (with `fields`) so the forms can show the server's errors.
 */
export function useMe() {
  const { data, error, isLoading, mutate } = useSWR<MeResponse, Error>(ME_URL, fetcher<MeResponse>);
  const { mutate: revalidate } = useSWRConfig();

  /** `PATCH /api/user/profile`; the answer is the updated account, so it goes straight into the cache. */
  const updateProfile = useCallback(
    async (update: ProfileUpdate) => {
      const response = await sendJson<MeResponse>("/api/user/profile", "PATCH", update);
      await mutate(response, { revalidate: false });
      return response;
    },
    [mutate],
  );

  /**
   * `POST /api/user/password` (204). Re-reads the account (`hasPassword` may
   * have just become true), the device list (the others were signed out) and
   * the security activity.
   */
  const changePassword = useCallback(
    async (change: PasswordChange) => {
      await sendJson<void>("/api/user/password", "POST", change);
      await Promise.all([mutate(), revalidate(SESSIONS_URL), revalidate(AUTH_EVENTS_URL)]);
    },
    [mutate, revalidate],
  );

  return { user: data?.user, error, isLoading, reload: mutate, updateProfile, changePassword };
}
