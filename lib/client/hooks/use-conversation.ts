import "client-only";
import useSWR from "swr";
import { fetcher } from "../api-client";
import type { ConversationResponse } from "@/lib/generation/shared";
import { CONVERSATIONS_URL } from "@/lib/account-reads/shared";

/** One conversation with its turns (each with its versions); pass null to fetch nothing. */
export function useConversation(id: string | null) {
  const { data, error, isLoading, mutate } = useSWR<ConversationResponse, Error>(id ? `${CONVERSATIONS_URL}/${encodeURIComponent(id)}` : null, fetcher<ConversationResponse>, {
    revalidateOnFocus: false,
  });
  return { conversation: data, error, isLoading, reload: mutate };
}
