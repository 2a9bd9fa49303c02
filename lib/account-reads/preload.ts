import "#server-only";
import type { Session } from "next-auth";
import { unstable_serialize } from "swr/infinite";
import { forSession } from "@/lib/access";
import type { Authenticated } from "@/lib/auth";
import { log } from "@/lib/core/log";
import { listConversations, listHistory } from "@/lib/generation";
import { HttpError } from "@/lib/http";
import { accountReads } from "./readers";
import { ACCOUNT_READ_URLS, conversationsPageUrl, historyPageUrl, type AccountRead, type SwrFallback } from "./shared";

/**
 * One read for a page's fallback, under its SWR key (or keys). A read that
 * fails is left out (and logged, unless it is an expected answer such as
 * 404): its section then loads in the browser and shows its own error, as it
 * would without server rendering, instead of the whole page failing.
 */
async function settle(key: string, read: () => Promise<SwrFallback>): Promise<SwrFallback> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof HttpError)) log.error("page.preload_failed", error, { key });
    return {};
  }
}

/** A read's answer under its SWR key. */
const answered = (key: string, read: () => Promise<unknown>) => settle(key, async () => ({ [key]: await read() }));

/**
 * Reads that one answer serves when a page shows them together: the two-step
 * overview lists the passkeys (`GET /api/user/two-factor` and `/passkeys` read
 * them alike), which Security also shows in their own section.
 */
const READ_TOGETHER: { reads: readonly AccountRead[]; read: (reader: Authenticated) => Promise<SwrFallback> }[] = [
  {
    reads: ["twoFactor", "passkeys"],
    async read(reader) {
      const overview = await accountReads.twoFactor(reader);
      return { [ACCOUNT_READ_URLS.twoFactor]: overview, [ACCOUNT_READ_URLS.passkeys]: overview.passkeys };
    },
  },
];

/**
 * SWR fallback data for a signed-in page: the answers of the account `reads`
 * it shows, read in parallel through one data door (which sends the reads of
 * the user among them as one query), each answer read once.
 */
export async function preloadAccountReads(session: Session, reads: readonly AccountRead[]): Promise<SwrFallback> {
  const reader = { session, data: forSession(session) };
  const together = READ_TOGETHER.filter((group) => group.reads.every((read) => reads.includes(read)));
  const alone = reads.filter((read) => !together.some((group) => group.reads.includes(read)));
  const answers = await Promise.all([
    ...alone.map((read) => answered(ACCOUNT_READ_URLS[read], () => accountReads[read](reader))),
    ...together.map((group) => settle(group.reads.map((read) => ACCOUNT_READ_URLS[read]).join(" "), () => group.read(reader))),
  ]);
  return Object.assign({}, ...answers);
}

/** The first page of the user's history as `useGenerations(pageSize)` keys it (an infinite list), for SWR's fallback. */
export function preloadHistoryPage(session: Session, pageSize: number): Promise<SwrFallback> {
  const key = unstable_serialize(() => historyPageUrl(pageSize, null));
  return answered(key, async () => [await listHistory(forSession(session), { limit: pageSize })]);
}

/** The first page of the user's conversations as `useConversations("")` keys it (an infinite list), for SWR's fallback. */
export function preloadConversationPage(session: Session): Promise<SwrFallback> {
  const key = unstable_serialize(() => conversationsPageUrl("", null));
  return answered(key, async () => [await listConversations(forSession(session), {})]);
}
