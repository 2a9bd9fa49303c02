import "#server-only";
import { BackgroundTasks } from "@/lib/core/background";
import { log } from "@/lib/core/log";
import { unrefSchedule, type Schedule } from "@/lib/core/schedule";
import { claimOnce } from "@/lib/rate-limit";
import { mailErrors } from "./errors";
import { runMailJob, type MailJobName } from "./jobs";
import { isBareAddress, type MailMessage } from "./message";
import {
  maskAddress,
  NO_LEASE,
  newOutboxId,
  openBody,
  openJobInput,
  outboxCollection,
  queuedCounts,
  recipientHashOf,
  sealBody,
  sealJobInput,
  type OutboxDoc,
} from "./repository";
import type { MailDelivery } from "./shared";
import type { MailSender } from "./transport";

/**
 * The durable outbox (docs/email.md). Every mail, and every job that may make
 * one, is inserted into the `outbox` collection before the request answers,
 * with a lease held by this process, which attempts it at once. A failure
 * frees the lease and sets the next attempt after MAIL_RETRY_DELAYS_SECONDS;
 * after the last one the mail is "dead". Any instance's worker (`poll`) finds
 * what is due and unleased, claims it, and attempts it.
 *
 * A claim is exactly-once on MongoDB and on FerretDB v1 (where two concurrent
 * conditional updates of one document can both report a match): first a
 * `claimOnce` keyed by the document and its claim count (a unique insert:
 * one winner), then the conditional update that sets the lease and counts
 * the claim, its modifiedCount checked. Only the lease holder writes the
 * document after that, and it marks the mail sent in the same update that
 * frees the lease. A crash between the mail server's "accepted" and that
 * update is the one window in which a mail can go twice (its Message-ID is
 * its outbox id, so a receiving server may drop the copy).
 */

interface OutboxOptions {
  send: MailSender;
  /** How long `deliver` waits for the first attempt before answering "queued". */
  waitMs: number;
  retryDelaysMs: number[];
  leaseMs: number;
  maxQueued: number;
  maxQueuedPerRecipient: number;
  /** This process's id in `leaseOwner`. */
  instanceId: string;
  /** The wait's timer (default: a real one that never holds up a shutdown). */
  schedule?: Schedule;
}

export interface Outbox {
  readonly instanceId: string;
  /** Inserts `message`, then tries it for up to `waitMs`: "sent" or "queued"; 503 MAIL_UNAVAILABLE past a limit (nothing inserted). */
  deliver(message: MailMessage): Promise<MailDelivery>;
  /** Inserts `message` and resolves; the attempt goes on in the background. Same limits. */
  queue(message: MailMessage): Promise<void>;
  /** Inserts the job `name` on `input` (sealed) and resolves; it runs at once in the background. `recipient`: the address the limits count it against. */
  queueJob<Input>(name: MailJobName<Input>, input: Input, recipient: string): Promise<void>;
  /**
   * Inserts the job like `queueJob` but holds it: it runs when `start` is
   * called (after the change it reports is made), or, if this process dies
   * first, on any instance once the lease expires, so its handler must send
   * nothing when the change never happened. `discard` removes it (the change failed).
   */
  prepareJob<Input>(name: MailJobName<Input>, input: Input, recipient: string): Promise<PreparedMailJob>;
  /** One pass of the worker: claims what is due and attempts it; how many it claimed. Does nothing once stopped. */
  poll(): Promise<number>;
  /** Resolves when every attempt this process started is done (tests, shutdown). */
  settled(): Promise<void>;
  /** Stops `poll` and frees this instance's leases on waiting mails, so another instance takes them at once. */
  stop(): Promise<void>;
}

/** A job inserted and held by this process (`Outbox.prepareJob`). */
export interface PreparedMailJob {
  start(): void;
  discard(): Promise<void>;
}

const POLL_BATCH = 20;
/** Between tries to mark a sent mail sent while the database does not answer. */
const MARK_SENT_RETRY_MS = 1_000;

function errorCode(error: unknown): string {
  const details = typeof error === "object" && error !== null ? error : {};
  if ("responseCode" in details && typeof details.responseCode === "number") return String(details.responseCode);
  if ("code" in details && typeof details.code === "string" && /^[A-Z_0-9]{1,40}$/.test(details.code)) return details.code;
  if (error instanceof Error && error.name === "ZodError") return "INVALID_JOB_INPUT";
  return error instanceof Error && /^\w{1,40}$/.test(error.name) ? error.name : "Error";
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { send, waitMs, retryDelaysMs, leaseMs, maxQueued, maxQueuedPerRecipient, instanceId, schedule = unrefSchedule } = options;
  const attempts = new BackgroundTasks();
  let stopped = false;

  async function insert(fields: Pick<OutboxDoc, "_id" | "kind" | "recipient" | "recipientHash" | "body" | "job">): Promise<OutboxDoc> {
    const { all, recipient } = await queuedCounts(fields.recipientHash);
    if (all >= maxQueued || recipient >= maxQueuedPerRecipient) {
      log.error("mail.outbox_full", new Error("outbox past its limit"), { kind: fields.kind, queued: all, forRecipient: recipient });
      throw mailErrors.unavailable();
    }
    const now = new Date();
    // Inserted with this process's lease: the first attempt is ours, no claim needed.
    const doc: OutboxDoc = {
      ...fields,
      state: "queued",
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      leaseOwner: instanceId,
      claims: 0,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    await (await outboxCollection()).insertOne(doc);
    return doc;
  }

  function messageDoc(message: MailMessage) {
    // Every mail the app sends comes through here: the last check before nodemailer reads an address.
    if (!isBareAddress(message.to)) throw new Error("refused to mail an address that is not one bare mailbox");
    const _id = newOutboxId();
    return { _id, kind: message.kind, recipient: maskAddress(message.to), recipientHash: recipientHashOf(message.to), body: sealBody(_id, message) };
  }

  const mine = (doc: OutboxDoc) => ({ _id: doc._id, leaseOwner: instanceId });

  /** The mail `doc` carries, or the one its job makes now (written into the document), or null when the job had nothing to send. */
  async function messageOf(doc: OutboxDoc): Promise<MailMessage | null> {
    if (doc.body) return openBody(doc._id, doc.body);
    if (!doc.job) throw new Error("outbox document with neither a body nor a job");
    const message = await runMailJob(doc.job.name, openJobInput(doc._id, doc.job.input));
    if (!message) return null;
    if (!isBareAddress(message.to)) throw new Error("refused to mail an address that is not one bare mailbox");
    await (await outboxCollection()).updateOne(mine(doc), {
      $set: { kind: message.kind, recipient: maskAddress(message.to), recipientHash: recipientHashOf(message.to), body: sealBody(doc._id, message), updatedAt: new Date() },
    });
    return message;
  }

  async function failed(doc: OutboxDoc, error: unknown, kind: string): Promise<void> {
    const count = doc.attempts + 1;
    const lastError = errorCode(error);
    const now = new Date();
    const delay = retryDelaysMs[count - 1];
    const outbox = await outboxCollection();
    log.warn("mail.send_failed", { kind, attempt: count, error: lastError });
    const free = { leaseUntil: NO_LEASE, leaseOwner: null, attempts: count, lastError, updatedAt: now };
    if (delay !== undefined) {
      await outbox.updateOne(mine(doc), { $set: { ...free, nextAttemptAt: new Date(now.getTime() + delay) } });
      return;
    }
    // Dead: the body goes; a job's sealed input stays, so a retry makes the mail again.
    await outbox.updateOne(mine(doc), { $set: { ...free, state: "dead", diedAt: now }, $unset: { body: "" } });
    log.error("mail.undelivered", new Error("gave up sending a mail"), { kind, attempts: count });
  }

  /**
   * Marks `doc` sent in the update that frees its lease (no other instance can
   * claim it in between). A database that fails right after the mail server
   * accepted (an outage, a timeout) is tried again while the lease lasts:
   * giving up would let another instance send the mail again once it expires.
   */
  async function markSent(doc: OutboxDoc): Promise<void> {
    for (;;) {
      const now = new Date();
      try {
        await (await outboxCollection()).updateOne(mine(doc), {
          $set: { state: "sent", sentAt: now, updatedAt: now, attempts: doc.attempts + 1, leaseUntil: NO_LEASE, leaseOwner: null, lastError: null },
          $unset: { body: "", job: "" },
        });
        return;
      } catch (error) {
        if (now.getTime() + 2 * MARK_SENT_RETRY_MS >= doc.leaseUntil.getTime()) throw error;
        log.warn("mail.mark_sent_retry", { kind: doc.kind, error: errorCode(error) });
        await new Promise<void>((resolve) => schedule(resolve, MARK_SENT_RETRY_MS));
      }
    }
  }

  /** Attempts `doc`, whose lease this process holds: true once the server accepted it. */
  async function attempt(doc: OutboxDoc): Promise<boolean> {
    let message: MailMessage | null;
    try {
      message = await messageOf(doc);
    } catch (error) {
      await failed(doc, error, doc.kind);
      return false;
    }
    const outbox = await outboxCollection();
    if (!message) {
      await outbox.deleteOne(mine(doc));
      return false;
    }
    try {
      await send({ ...message, id: doc._id });
    } catch (error) {
      await failed(doc, error, message.kind);
      return false;
    }
    await markSent(doc);
    if (doc.attempts > 0) log.info("mail.sent_after_retry", { kind: message.kind, attempt: doc.attempts + 1 });
    return true;
  }

  function inBackground(doc: OutboxDoc): Promise<boolean> {
    let sent = false;
    const done = attempts.run(
      async () => {
        sent = await attempt(doc);
      },
      (error) => log.error("mail.attempt_failed", error, { kind: doc.kind }),
    );
    return done.then(() => sent);
  }

  /** Claims `doc` for this process, exactly once per claim count on every server; the claimed document, or null when another instance won. */
  async function claim(doc: OutboxDoc): Promise<OutboxDoc | null> {
    if (!(await claimOnce(`outbox:${doc._id}:${doc.claims}`, Math.ceil(leaseMs / 1000)))) return null;
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const { modifiedCount } = await (await outboxCollection()).updateOne(
      { _id: doc._id, state: "queued", claims: doc.claims, leaseUntil: { $lte: now } },
      { $set: { leaseUntil, leaseOwner: instanceId, claims: doc.claims + 1, updatedAt: now } },
    );
    return modifiedCount === 1 ? { ...doc, leaseUntil, leaseOwner: instanceId, claims: doc.claims + 1 } : null;
  }

  async function prepareJob<Input>(name: MailJobName<Input>, input: Input, recipient: string): Promise<PreparedMailJob> {
    const _id = newOutboxId();
    const doc = await insert({ _id, kind: name, recipient: maskAddress(recipient), recipientHash: recipientHashOf(recipient), job: { name, input: sealJobInput(_id, input) } });
    return {
      start: () => void inBackground(doc),
      discard: async () => void (await (await outboxCollection()).deleteOne(mine(doc))),
    };
  }

  return {
    instanceId,
    async deliver(message) {
      const doc = await insert(messageDoc(message));
      let stopWaiting = () => {};
      const waited = new Promise<"slow">((resolve) => {
        stopWaiting = schedule(() => resolve("slow"), waitMs);
      });
      const outcome = await Promise.race([inBackground(doc), waited]);
      stopWaiting();
      return outcome === true ? "sent" : "queued";
    },
    async queue(message) {
      void inBackground(await insert(messageDoc(message)));
    },
    async queueJob(name, input, recipient) {
      (await prepareJob(name, input, recipient)).start();
    },
    prepareJob,
    async poll() {
      if (stopped) return 0;
      const now = new Date();
      const due = await (await outboxCollection()).find({ state: "queued", nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } }).limit(POLL_BATCH).toArray();
      let claimed = 0;
      for (const doc of due) {
        if (stopped) break;
        const mine = await claim(doc);
        if (!mine) continue;
        claimed += 1;
        void inBackground(mine);
      }
      return claimed;
    },
    settled: () => attempts.settled(),
    async stop() {
      stopped = true;
      const { modifiedCount } = await (await outboxCollection()).updateMany(
        { state: "queued", leaseOwner: instanceId },
        { $set: { leaseUntil: NO_LEASE, leaseOwner: null, updatedAt: new Date() } },
      );
      if (modifiedCount > 0) log.info("mail.leases_released", { count: modifiedCount });
    },
  };
}
