import "#server-only";
import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/core/env";
import { isShuttingDown, onShutdown } from "@/lib/core/lifecycle";
import { log } from "@/lib/core/log";
import type { MailJobName } from "./jobs";
import type { MailMessage } from "./message";
import { createOutbox, type Outbox, type PreparedMailJob } from "./outbox";
import type { MailDelivery } from "./shared";
import { configuredSender } from "./transport";

/** How long a request waits for the mail server before answering "queued". */
const REQUEST_WAIT_MS = 3_000;
/** At shutdown, how long attempts in flight get before this instance's leases are freed anyway. */
const SHUTDOWN_GRACE_MS = 5_000;

const OUTBOX = Symbol.for("keyforge.outbox");
// globalThis's type knows nothing kept there: this names the one property this module keeps (one outbox per process, whichever bundle asks).
const globalForOutbox = globalThis as typeof globalThis & { [OUTBOX]?: { outbox: Outbox; timer?: NodeJS.Timeout } };

/** A new outbox for this process with a fresh instance id, from the configuration (tests make a second one to play another instance). */
export function configuredOutbox(instanceId = randomBytes(8).toString("hex")): Outbox {
  const env = getEnv();
  return createOutbox({
    send: (message) => configuredSender()(message),
    waitMs: REQUEST_WAIT_MS,
    retryDelaysMs: env.MAIL_RETRY_DELAYS_SECONDS.map((seconds) => seconds * 1000),
    leaseMs: env.MAIL_LEASE_SECONDS * 1000,
    maxQueued: env.OUTBOX_MAX_QUEUED,
    maxQueuedPerRecipient: env.OUTBOX_MAX_QUEUED_PER_RECIPIENT,
    instanceId,
  });
}

/** This process's outbox. */
export function defaultOutbox(): Outbox {
  globalForOutbox[OUTBOX] ??= { outbox: configuredOutbox() };
  return globalForOutbox[OUTBOX].outbox;
}

/** Drops this process's outbox (tests: "the process restarted"); the next call makes one with a new instance id. */
export function forgetDefaultOutbox(): void {
  const state = globalForOutbox[OUTBOX];
  if (state?.timer) clearInterval(state.timer);
  delete globalForOutbox[OUTBOX];
}

/** Inserts `message` into the outbox, then tries it for up to 3 s: "sent" or "queued"; 503 MAIL_UNAVAILABLE past the outbox's limits. */
export function deliverMail(message: MailMessage): Promise<MailDelivery> {
  return defaultOutbox().deliver(message);
}

/** Inserts `message` (a mail no request waits on: a notice) and resolves; it is sent in the background. */
export function queueMail(message: MailMessage): Promise<void> {
  return defaultOutbox().queue(message);
}

/** Inserts the job `name` (lib/mail/jobs.ts) and resolves; it runs in the background, and on another instance if this one dies. */
export function queueMailJob<Input>(name: MailJobName<Input>, input: Input, recipient: string): Promise<void> {
  return defaultOutbox().queueJob(name, input, recipient);
}

/**
 * Starts this process's worker (instrumentation.ts): every
 * OUTBOX_POLL_SECONDS it claims due mails, whoever queued them, on an unref'd
 * timer that stops taking work at shutdown. The shutdown hook lets attempts in
 * flight finish briefly, then frees this instance's leases.
 */
/** Inserts a job held until `start` (see `Outbox.prepareJob`), for a mail about a change not made yet. */
export function prepareMailJob<Input>(name: MailJobName<Input>, input: Input, recipient: string): Promise<PreparedMailJob> {
  return defaultOutbox().prepareJob(name, input, recipient);
}

export function startOutboxWorker(): void {
  const outbox = defaultOutbox();
  const state = globalForOutbox[OUTBOX];
  if (!state || state.timer) return;
  let polling = false;
  state.timer = setInterval(() => {
    if (polling || isShuttingDown()) return;
    polling = true;
    outbox
      .poll()
      .catch((error: unknown) => log.error("mail.poll_failed", error))
      .finally(() => {
        polling = false;
      });
  }, getEnv().OUTBOX_POLL_SECONDS * 1000);
  state.timer.unref();
  onShutdown("outbox", async () => {
    clearInterval(state.timer);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([outbox.settled(), new Promise<void>((resolve) => (grace = setTimeout(resolve, SHUTDOWN_GRACE_MS)))]);
    clearTimeout(grace);
    await outbox.stop();
  });
}
