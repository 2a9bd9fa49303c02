import "#server-only";
import { BackgroundTasks } from "@/lib/core/background";
import { onShutdown } from "@/lib/core/lifecycle";
import { log } from "@/lib/core/log";
import { defaultOutbox } from "@/lib/mail";
import { noticesSent } from "@/lib/notices";

/**
 * Work a request starts and does not wait for: what a neutral answer must not
 * depend on (does the account exist?), and mails a request need not wait for.
 * Failures are logged; nothing is thrown at the request.
 */
const tasks = new BackgroundTasks();

export function inBackground(event: string, work: () => Promise<unknown>): void {
  void tasks.run(work, (error) => log.error(event, error));
}

/** Resolves once the email flows' background work and the notices have handed their mails to the outbox. */
export async function emailWorkHandedOff(): Promise<void> {
  await tasks.settled();
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

// A stopping server hands what the flows started (a reset mail, a verification mail) to the outbox before it closes the database.
onShutdown("email-flows", () => tasks.settled());
