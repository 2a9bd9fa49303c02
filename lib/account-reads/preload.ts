import "#server-only";
import type { Session } from "next-auth";
import { unstable_serialize } from "swr/infinite";
import { forSession } from "@/lib/access";
import { log } from "@/lib/core/log";
import { listConversations, listHistory } from "@/lib/generation";
import { HttpError } from "@/lib/http";
import { accountReads } from "./readers";
import { ACCOUNT_READ_URLS, conversationsPageUrl, historyPageUrl, type AccountRead, type SwrFallback } from "./shared";

/**
 * One read for a page's fallback, under its SWR key. A read that fails is left
 * out (and logged, unless it is an expected answer such as 404): its section
 * then loads in the browser and shows its own error, as it would without
 * server rendering, instead of the whole page failing.
 */
async function settle(key: string, read: () => Promise<unknown>): Promise<SwrFallback> {
  try {
    return { [key]: await read() };
  } catch (error) {
    if (!(error instanceof HttpError)) log.error("page.preload_failed", error, { key });
    return {};
  }
}

/** SWR fallback data for a signed-in page: the answers of the account `reads` it shows, read in parallel through one data door. */
export async function preloadAccountReads(session: Session, reads: readonly AccountRead[]): Promise<SwrFallback> {
  const reader = { session, data: forSession(session) };
  const answers = await Promise.all(reads.map((read) => settle(ACCOUNT_READ_URLS[read], () => accountReads[read](reader))));
  return Object.assign({}, ...answers);
}

/** The first page of the user's history as `useGenerations(pageSize)` keys it (an infinite list), for SWR's fallback. */
export function preloadHistoryPage(session: Session, pageSize: number): Promise<SwrFallback> {
  const key = unstable_serialize(() => historyPageUrl(pageSize, null));
  return settle(key, async () => [await listHistory(forSession(session), { limit: pageSize })]);
}

/** The first page of the user's conversations as `useConversations("")` keys it (an infinite list), for SWR's fallback. */
export function preloadConversationPage(session: Session): Promise<SwrFallback> {
  const key = unstable_serialize(() => conversationsPageUrl("", null));
  return settle(key, async () => [await listConversations(forSession(session), {})]);
}
