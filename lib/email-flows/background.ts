import "#server-only";
import { log } from "@/lib/core/log";
import { defaultOutbox } from "@/lib/mail";
import { noticesSent } from "@/lib/notices";

/**
 * Work a request starts and does not wait for: what a neutral answer must not
 * depend on (does the account exist?), and mails a request need not wait for.
 * Failures are logged; nothing is thrown at the request.
 */
const running = new Set<Promise<void>>();

export function inBackground(event: string, work: () => Promise<unknown>): void {
  const task = work()
    .then(() => undefined)
    .catch((error: unknown) => log.error(event, error));
  running.add(task);
  void task.finally(() => running.delete(task));
}

/** Resolves once the email flows' background work and the notices have handed their mails to the outbox. */
export async function emailWorkHandedOff(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
  await noticesSent();
}

/**
 * Resolves once, in addition, the outbox's queue is empty: every mail
 * accepted, or given up after its retries (tests wait for it before asserting
 * what arrived, or that nothing did).
 */
export async function emailWorkSettled(): Promise<void> {
  await emailWorkHandedOff();
  await defaultOutbox().settled();
}
