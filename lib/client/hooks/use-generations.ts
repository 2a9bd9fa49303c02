import "client-only";
import { useCallback } from "react";
import useSWR from "swr";
import useSWRInfinite from "swr/infinite";
import { fetcher, sendJson } from "../api-client";
import type { GenerationDetailResponse, GenerationListResponse } from "@/lib/generation/shared";
import { GENERATIONS_URL, HISTORY_PAGE_SIZE, historyPageUrl } from "@/lib/account-reads/shared";


/**
 * The signed-in user's history, newest first, `pageSize` entries a page;
 * `loadMore` fetches the next (older) page through the server's cursor.
 */
export function useGenerations(pageSize = HISTORY_PAGE_SIZE) {
  const pageKey = (index: number, previous: GenerationListResponse | null): string | null => {
    if (previous && !previous.nextCursor) return null;
    return historyPageUrl(pageSize, previous?.nextCursor ?? null);
  };
  const { data, error, isLoading, isValidating, mutate, size, setSize } = useSWRInfinite<GenerationListResponse, Error>(
    pageKey,
    fetcher<GenerationListResponse>,
    { revalidateFirstPage: true },
  );

  const generations = data?.flatMap((page) => page.generations);
  const hasMore = Boolean(data?.at(-1)?.nextCursor);
  const isLoadingMore = isValidating && data !== undefined && size > data.length;

  const loadMore = useCallback(() => setSize((current) => current + 1), [setSize]);

  /** `DELETE /api/user/generations/<id>` (204), then the list again, whatever happened (404: already gone). */
  const deleteGeneration = useCallback(
    async (id: string) => {
      try {
        await sendJson<void>(`${GENERATIONS_URL}/${encodeURIComponent(id)}`, "DELETE");
      } finally {
        void mutate();
      }
    },
    [mutate],
  );

  return { generations, error, isLoading, isLoadingMore, hasMore, loadMore, reload: mutate, deleteGeneration };
}

/** One history entry with its prompt and output; pass null to fetch nothing. */
export function useGenerationDetail(id: string | null) {
  const { data, error, isLoading, mutate } = useSWR<GenerationDetailResponse, Error>(
    id ? `${GENERATIONS_URL}/${encodeURIComponent(id)}` : null,
    fetcher<GenerationDetailResponse>,
    // An entry's text never changes: no refetch on focus.
    { revalidateOnFocus: false },
  );
  return { generation: data?.generation, error, isLoading, reload: mutate };
}
