import "client-only";
import { useCallback } from "react";
import useSWRInfinite from "swr/infinite";
import { fetcher, sendJson } from "../api-client";
import type { ConversationListResponse } from "@/lib/generation/shared";
import { CONVERSATIONS_URL, conversationsPageUrl } from "@/lib/account-reads/shared";

/**
 * The signed-in user's conversations, last used first, those whose title holds
 * `query` (all when empty); `loadMore` fetches the next (older) page through
 * the server's cursor. A search reads at most a few hundred conversations a
 * page, so a page can be short and still have a `nextCursor`.
 */
export function useConversations(query: string) {
  const pageKey = (_index: number, previous: ConversationListResponse | null): string | null => {
    if (previous && !previous.nextCursor) return null;
    return conversationsPageUrl(query, previous?.nextCursor ?? null);
  };
  const { data, error, isValidating, mutate, size, setSize } = useSWRInfinite<ConversationListResponse, Error>(pageKey, fetcher<ConversationListResponse>, {
    revalidateFirstPage: true,
  });

  const conversations = data?.flatMap((page) => page.conversations);
  const hasMore = Boolean(data?.at(-1)?.nextCursor);
  const isLoadingMore = isValidating && data !== undefined && size > data.length;
  const loadMore = useCallback(() => setSize((current) => current + 1), [setSize]);

  /** `PATCH /api/user/conversations/<id>` (throws `ApiError`), then the list again. */
  const rename = useCallback(
    async (id: string, title: string) => {
      try {
        await sendJson<void>(`${CONVERSATIONS_URL}/${encodeURIComponent(id)}`, "PATCH", { title });
      } finally {
        void mutate();
      }
    },
    [mutate],
  );

  /** `DELETE /api/user/conversations/<id>` (throws `ApiError`; 404 counts as gone), then the list again. */
  const remove = useCallback(
    async (id: string) => {
      try {
        await sendJson<void>(`${CONVERSATIONS_URL}/${encodeURIComponent(id)}`, "DELETE");
      } finally {
        void mutate();
      }
    },
    [mutate],
  );

  return { conversations, error, hasMore, isLoadingMore, loadMore, reload: mutate, rename, remove };
}
