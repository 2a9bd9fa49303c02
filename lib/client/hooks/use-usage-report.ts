import "client-only";
import useSWR from "swr";
import { fetcher } from "../api-client";
import type { UsageResponse } from "@/lib/generation/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/usage`: the last 30 days' tokens and estimated cost, per day and per model (rendered on the server first). */
export function useUsageReport() {
  const { data, error, mutate } = useSWR<UsageResponse, Error>(ACCOUNT_READ_URLS.usage, fetcher<UsageResponse>);
  return { report: data, error, reload: mutate };
}
