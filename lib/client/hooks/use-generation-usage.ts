import "client-only";
import useSWR from "swr";
import { fetcher } from "../api-client";
import type { GenerationUsageResponse } from "@/lib/generation/shared";

/** `GET /api/user/usage/<id>`: one generation's tokens, cost and finish reason (its usage record, history on or off). */
const generationUsageUrl = (id: string) => `/api/user/usage/${encodeURIComponent(id)}`;

/**
 * The numbers of a generation whose stream has ended (the server writes its
 * record before the stream ends); pass null while it runs, or for none.
 */
export function useGenerationUsage(id: string | null) {
  const { data, error, isLoading } = useSWR<GenerationUsageResponse, Error>(id ? generationUsageUrl(id) : null, fetcher<GenerationUsageResponse>, {
    // A record is written once: no refetch on focus.
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  return { generation: data?.generation, error, isLoading };
}
