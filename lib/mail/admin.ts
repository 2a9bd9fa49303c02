import "#server-only";
import { currentKey, DecryptionError, needsReencryption } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { NO_LEASE, openBody, openJobInput, outboxCollection, sealBody, sealJobInput } from "./repository";
import type { DeadMail, OutboxCounts } from "./shared";

/** The outbox seen from outside a delivery: dead mails and their retry, counts, key rotation, retention. */

/** Mails given up after their last retry, newest first (at most `limit`): metadata only, no body, no link. */
export async function listDeadMails(limit = 50): Promise<DeadMail[]> {
  const dead = await (await outboxCollection())
    .find({ state: "dead" }, { projection: { body: 0 } })
    .sort({ diedAt: -1 })
    .limit(Math.max(1, Math.min(limit, 500)))
    .toArray();
  return dead.map((doc) => ({
    id: doc._id,
    kind: doc.kind,
    recipient: doc.recipient,
    attempts: doc.attempts,
    lastError: doc.lastError ?? "",
    queuedAt: doc.createdAt.toISOString(),
    diedAt: (doc.diedAt ?? doc.updatedAt).toISOString(),
    retryable: Boolean(doc.job),
  }));
}

/**
 * Queues a dead mail made by a job again: the job runs once more (a fresh
 * link; the one in the dead mail was never delivered). False when there is no
 * such dead mail or it cannot be retried (a mail without a job kept no body).
 * A conditional update on `state: "dead"`, so two admins retrying at once
 * queue it once on MongoDB; on FerretDB both may report a match, which only
 * sets the same fields twice, and the claim stays exactly-once.
 */
export async function retryDeadMail(id: string): Promise<boolean> {
  const now = new Date();
  const { modifiedCount } = await (await outboxCollection()).updateOne(
    { _id: id, state: "dead", job: { $exists: true } },
    { $set: { state: "queued", attempts: 0, nextAttemptAt: now, leaseUntil: NO_LEASE, leaseOwner: null, lastError: null, updatedAt: now }, $unset: { diedAt: "" } },
  );
  return modifiedCount === 1;
}

/** How many mails wait and how many died, and how long the oldest has waited. */
export async function outboxCounts(): Promise<OutboxCounts> {
  const outbox = await outboxCollection();
  const [queued, dead, oldest] = await Promise.all([
    outbox.countDocuments({ state: "queued" }),
    outbox.countDocuments({ state: "dead" }),
    outbox.findOne({ state: "queued" }, { sort: { createdAt: 1 }, projection: { createdAt: 1 } }),
  ]);
  const oldestQueuedSeconds = oldest ? Math.max(0, Math.floor((Date.now() - oldest.createdAt.getTime()) / 1000)) : null;
  return { queued, dead, oldestQueuedSeconds };
}

/**
 * Re-encrypts mail bodies and job inputs made by an older ENCRYPTION_KEYS
 * key (`npm run rotate-keys`). Each write is conditional on the value it read
 * (its IV), so a mail sent or a job run meanwhile keeps what it has.
 */
export async function rotateOutboxEncryption(): Promise<{ reencrypted: number; unreadable: number }> {
  const keys = getEnv().ENCRYPTION_KEYS;
  const current = currentKey(keys).id;
  const outbox = await outboxCollection();
  const report = { reencrypted: 0, unreadable: 0 };
  const onOlderKey = { $or: [{ body: { $exists: true }, "body.keyId": { $ne: current } }, { job: { $exists: true }, "job.input.keyId": { $ne: current } }] };
  for await (const doc of outbox.find(onOlderKey)) {
    try {
      if (doc.body && needsReencryption(doc.body, keys)) {
        const { modifiedCount } = await outbox.updateOne({ _id: doc._id, "body.iv": doc.body.iv }, { $set: { body: sealBody(doc._id, openBody(doc._id, doc.body)) } });
        report.reencrypted += modifiedCount;
      }
      if (doc.job && needsReencryption(doc.job.input, keys)) {
        const input = sealJobInput(doc._id, openJobInput(doc._id, doc.job.input));
        const { modifiedCount } = await outbox.updateOne({ _id: doc._id, "job.input.iv": doc.job.input.iv }, { $set: { "job.input": input } });
        report.reencrypted += modifiedCount;
      }
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      report.unreadable += 1;
    }
  }
  return report;
}

/** Sent mails' metadata is kept this long (delivery questions), dead mails' longer (the console lists them). */
const SENT_KEPT_DAYS = 7;
const DEAD_KEPT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes sent mails' metadata after 7 days and dead mails' after 30 (the retention job); how many went. */
export async function deleteOldOutboxMetadata(now: Date): Promise<number> {
  const outbox = await outboxCollection();
  const [sent, dead] = await Promise.all([
    outbox.deleteMany({ state: "sent", sentAt: { $lte: new Date(now.getTime() - SENT_KEPT_DAYS * DAY_MS) } }),
    outbox.deleteMany({ state: "dead", diedAt: { $lte: new Date(now.getTime() - DEAD_KEPT_DAYS * DAY_MS) } }),
  ]);
  return sent.deletedCount + dead.deletedCount;
}
