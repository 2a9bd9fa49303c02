import "client-only";
import { useCallback } from "react";
import useSWR from "swr";
import { fetcher, sendJson } from "../api-client";
import type { NoticeSettingsResponse, NoticeSettingsUpdate } from "@/lib/notices/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET` and `PATCH /api/user/notices`, and the SWR key. */
const NOTICE_SETTINGS_URL = ACCOUNT_READ_URLS.notices;

/**
 * Which optional security notices the account gets, and where they go.
 * `updateNotices` throws `ApiError`; its answer (the whole settings) replaces the cache.
 */
export function useNoticeSettings() {
  const { data, error, mutate } = useSWR<NoticeSettingsResponse, Error>(NOTICE_SETTINGS_URL, fetcher<NoticeSettingsResponse>);

  const updateNotices = useCallback(
    async (update: NoticeSettingsUpdate) => {
      const response = await sendJson<NoticeSettingsResponse>(NOTICE_SETTINGS_URL, "PATCH", update);
      await mutate(response, { revalidate: false });
      return response;
    },
    [mutate],
  );

  return { noticeSettings: data, error, reload: mutate, updateNotices };
}
