import "#server-only";
import type { DataAccess } from "@/lib/access";
import { log } from "@/lib/core/log";
import { HttpError } from "@/lib/http";
import { listDeadMails, outboxCounts, retryDeadMail } from "@/lib/mail";
import type { AdminMailOverview } from "./shared";

/**
 * The console's view of undelivered mail (lib/mail's outbox): the dead
 * mails (metadata only: the body is gone, the address masked) and the
 * outbox's counts, and "retry" on one of them.
 */

/** Dead mails shown at most; the counts say how many there are in all. */
const DEAD_MAILS_SHOWN = 50;

export async function mailOverview(): Promise<AdminMailOverview> {
  const [deadMails, counts] = await Promise.all([listDeadMails(DEAD_MAILS_SHOWN), outboxCounts()]);
  return { deadMails, counts };
}

/**
 * Queues dead mail `id` again (its job makes it anew, with a fresh link,
 * when it has one); 404 when there is no such dead mail or it cannot be
 * retried. Logged with the admin's id: the audit trail's events are about
 * an account, and a mail retry changes none.
 */
export async function retryMailAsAdmin(data: DataAccess, id: string): Promise<void> {
  if (!data.actor || data.actor.role !== "admin") throw HttpError.forbidden();
  if (!(await retryDeadMail(id))) throw HttpError.notFound("No such undelivered mail, or it cannot be sent again");
  log.info("admin.mail_retried", { adminId: data.actor.id, mailId: id });
}
