import "#server-only";
import { BackgroundTasks } from "@/lib/core/background";
import { log } from "@/lib/core/log";
import { unrefSchedule, type Schedule } from "@/lib/core/schedule";
import { mailErrors } from "./errors";
import type { DeadMail, MailDelivery, OutboxCounts } from "./shared";
import { isBareAddress, type MailMessage } from "./message";
import { configuredSender, type MailSender } from "./transport";

/**
 * Sending without making a request wait on the mail server. The first attempt
 * gets `waitMs`; accepted by then, the mail is "sent". Slower, or refused, it
 * is "queued": the attempt goes on in the background and a failure is retried
 * after each of `retryDelaysMs`, every failure logged without the address or
 * the link. The queue lives in this process (a restart drops what is still
 * waiting; every link can be requested again) and holds at most `maxQueued`
 * mails, so a dead mail server cannot pile up memory: beyond that, sending is
 * refused with 503 MAIL_UNAVAILABLE.
 */

interface OutboxOptions {
  send: MailSender;
  waitMs: number;
  retryDelaysMs: number[];
  maxQueued: number;
  /** The timers for `waitMs` and the retries (default: real ones that never hold up a shutdown). */
  schedule?: Schedule;
}

interface Outbox {
  /** Sends `message`: "sent" or "queued", or throws 503 MAIL_UNAVAILABLE when the queue is full. */
  deliver(message: MailMessage): Promise<MailDelivery>;
  /** Resolves when every queued mail was sent or given up (tests, shutdown). */
  settled(): Promise<void>;
}

function failureFields(message: MailMessage, attempt: number, error: unknown): Record<string, string | number> {
  const details = typeof error === "object" && error !== null ? error : {};
  return {
    kind: message.kind,
    attempt,
    error: error instanceof Error ? error.name : "Error",
    code: "code" in details && typeof details.code === "string" ? details.code : "",
    responseCode: "responseCode" in details && typeof details.responseCode === "number" ? details.responseCode : 0,
  };
}

export function createOutbox({ send, waitMs, retryDelaysMs, maxQueued, schedule = unrefSchedule }: OutboxOptions): Outbox {
  const queued = new BackgroundTasks();

  async function attempt(message: MailMessage, number: number): Promise<boolean> {
    try {
      await send(message);
      if (number > 1) log.info("mail.sent_after_retry", { kind: message.kind, attempt: number });
      return true;
    } catch (error) {
      log.warn("mail.send_failed", failureFields(message, number, error));
      return false;
    }
  }

  async function keepTrying(message: MailMessage, first: Promise<boolean>): Promise<void> {
    if (await first) return;
    for (const [index, delay] of retryDelaysMs.entries()) {
      await new Promise<void>((resolve) => schedule(resolve, delay));
      if (await attempt(message, index + 2)) return;
    }
    log.error("mail.undelivered", new Error("gave up sending a mail"), { kind: message.kind, attempts: retryDelaysMs.length + 1 });
  }

  return {
    async deliver(message) {
      // Every mail the app sends comes through here: the last check before nodemailer reads an address.
      if (!isBareAddress(message.to)) throw new Error("refused to mail an address that is not one bare mailbox");
      if (queued.size >= maxQueued) {
        log.error("mail.queue_full", new Error("mail queue full"), { kind: message.kind, queued: queued.size });
        throw mailErrors.unavailable();
      }
      const first = attempt(message, 1);
      let stopWaiting = () => {};
      const waited = new Promise<"slow">((resolve) => {
        stopWaiting = schedule(() => resolve("slow"), waitMs);
      });
      const outcome = await Promise.race([first, waited]);
      stopWaiting();
      if (outcome === true) return "sent";
      // keepTrying logs each failed attempt itself; this only catches the unexpected.
      void queued.run(
        () => keepTrying(message, first),
        (error) => log.error("mail.retry_failed", error, { kind: message.kind }),
      );
      return "queued";
    },
    settled: () => queued.settled(),
  };
}

/** How long a request waits for the mail server before answering "queued". */
const REQUEST_WAIT_MS = 3_000;
/** Retries after a failure: 30 s, 2 min and 10 min later. */
const RETRY_DELAYS_MS = [30_000, 120_000, 600_000];
const MAX_QUEUED = 200;

let outbox: Outbox | undefined;

/** This process's outbox, sending through the configured server or mailbox. */
export function defaultOutbox(): Outbox {
  outbox ??= createOutbox({
    send: (message) => configuredSender()(message),
    waitMs: REQUEST_WAIT_MS,
    retryDelaysMs: RETRY_DELAYS_MS,
    maxQueued: MAX_QUEUED,
  });
  return outbox;
}

/** Sends `message` through this process's outbox (see `createOutbox`). */
export function deliverMail(message: MailMessage): Promise<MailDelivery> {
  return defaultOutbox().deliver(message);
}

/** Mails given up after their last retry, newest first (at most `limit`). Stub: the durable outbox fills it in. */
export async function listDeadMails(limit = 50): Promise<DeadMail[]> {
  void limit;
  return [];
}

/** Queues a dead mail again (made again by its job when it has one): false when there is no such dead mail or it cannot be retried. Stub. */
export async function retryDeadMail(id: string): Promise<boolean> {
  void id;
  return false;
}

/** How many mails wait and how many died. Stub. */
export async function outboxCounts(): Promise<OutboxCounts> {
  return { queued: 0, dead: 0, oldestQueuedSeconds: null };
}
