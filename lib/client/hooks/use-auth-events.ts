import "client-only";
import useSWR from "swr";
import { fetcher } from "../api-client";
import type { AuthEventsResponse } from "@/lib/audit/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/activity`, and the SWR key (hooks that change security settings revalidate it). */
export const AUTH_EVENTS_URL = ACCOUNT_READ_URLS.activity;

/** The account's security activity: its last 50 events of the retention period, newest first. */
export function useAuthEvents() {
  const { data, error, isLoading, mutate } = useSWR<AuthEventsResponse, Error>(AUTH_EVENTS_URL, fetcher<AuthEventsResponse>);
  return { events: data?.events, error, isLoading, reload: mutate };
}
