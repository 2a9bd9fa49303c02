import "#server-only";
import { ObjectId } from "mongodb";
import { collections } from "@/lib/core/collections";
import { getDb } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { isDuplicateKeyError } from "@/lib/http";

/**
 * Sliding-window limits stored in MongoDB (`rateLimits`), so they hold across
 * every app instance.
 *
 * Each attempt is its own document ({ key, expiresAt }): record it, then count
 * the key's live attempts. That needs nothing but atomic inserts, so it is
 * exact on every MongoDB-wire server. (A counter document with `$inc` is not:
 * FerretDB v1 loses concurrent updates to one document; measured 20 parallel
 * increments ending at 1.) An attempt is allowed only when its count is within
 * the limit, and the count is at least the attempt's insertion rank, so at most
 * `limit` attempts per window get through however many arrive at once. (A burst
 * may get fewer: when all are in before any is counted, all are refused, and
 * being refused, none is kept.)
 */

registerIndexes(
  // A key's live attempts are counted on every sign-in.
  { collection: collections.rateLimits, key: { key: 1, expiresAt: 1 } },
  { collection: collections.rateLimits, key: { expiresAt: 1 }, expireAfterSeconds: 0 },
);

export interface RateLimitRule {
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
  /**
   * Keep refused attempts too, so the count only grows within the window (a
   * verification code's tries: attempts at the same moment may all be
   * refused, and must still leave it used up). By default a refused attempt
   * is not kept, so waiting out the window is enough.
   */
  keepRefused?: boolean;
}

/** One attempt to count against one limit. */
interface RateLimitAttempt {
  key: string;
  rule: RateLimitRule;
}

interface RateLimitResult {
  allowed: boolean;
  /** Attempts still allowed in this window after this one (0 when this was the last, or refused). */
  remaining: number;
  /** Seconds until another attempt can be allowed (0 when allowed). */
  retryAfterSeconds: number;
  /** Takes an allowed attempt back (when another limit refused the same action); nothing for a refused one. */
  release(): Promise<void>;
  /**
   * Forgets every attempt against this key, this one included (a successful
   * sign-in clears its failures), as `resetRateLimit` does; when the count
   * found this attempt alone, by its `_id` (a key lookup, where a delete by
   * key scans the collection on FerretDB).
   */
  clear(): Promise<void>;
}

interface AttemptDoc {
  /** An attempt's own id; a claim's is its key (`claimOnce`). */
  _id: ObjectId | string;
  key: string;
  expiresAt: Date;
}

async function attemptLog() {
  return (await getDb()).collection<AttemptDoc>(collections.rateLimits);
}

type AttemptLog = Awaited<ReturnType<typeof attemptLog>>;

/** How often, at most, this process deletes expired attempts where there is no TTL monitor. */
const SWEEP_INTERVAL_MS = 60_000;
let lastSweepAt = 0;

/**
 * Deletes expired attempts, at most once a minute per process. MongoDB's TTL
 * index does this on its own; FerretDB has none, and counts ignore expired
 * attempts anyway, so this only keeps the collection from growing.
 */
function sweepExpiredAttempts(log: AttemptLog, now: Date): Promise<unknown> {
  if (now.getTime() - lastSweepAt < SWEEP_INTERVAL_MS) return Promise.resolve();
  lastSweepAt = now.getTime();
  return log.deleteMany({ expiresAt: { $lte: now } });
}

/** Deletes every attempt and claim expired at `now` (the retention job, for a process that counts none); how many went. */
export async function deleteExpiredAttempts(now: Date): Promise<number> {
  return (await (await attemptLog()).deleteMany({ expiresAt: { $lte: now } })).deletedCount;
}

const secondsFrom = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/**
 * Counts one attempt against each of `attempts`, with one insert and one
 * count whatever their number (a sign-in counts against two limits, and every
 * command is part of its cost). A refused attempt is not kept, so waiting out
 * the window is enough even if the client kept retrying meanwhile.
 */
export async function consumeRateLimits<Attempt extends RateLimitAttempt>(attempts: Attempt[]): Promise<Array<RateLimitResult & { attempt: Attempt }>> {
  const log = await attemptLog();
  const now = new Date();
  const inserted = attempts.map((attempt) => ({
    attempt,
    doc: { _id: new ObjectId(), key: attempt.key, expiresAt: secondsFrom(now, attempt.rule.windowSeconds) },
  }));
  await Promise.all([log.insertMany(inserted.map(({ doc }) => doc)), sweepExpiredAttempts(log, now)]);
  const keys = [...new Set(attempts.map(({ key }) => key))];
  const counted = await log
    .aggregate<{ _id: string; count: number }>([
      { $match: { key: { $in: keys }, expiresAt: { $gt: now } } },
      { $group: { _id: "$key", count: { $sum: 1 } } },
    ])
    .toArray();
  const countOf = new Map(counted.map(({ _id, count }) => [_id, count]));
  return Promise.all(
    inserted.map(async ({ attempt, doc }) => ({ attempt, ...(await settle(log, doc, attempt.rule, countOf.get(doc.key) ?? 1, now)) })),
  );
}

/** The outcome of one inserted attempt, given its key's live count. */
async function settle(log: AttemptLog, doc: AttemptDoc, { limit, windowSeconds, keepRefused }: RateLimitRule, count: number, now: Date): Promise<RateLimitResult> {
  const release = async () => void (await log.deleteOne({ _id: doc._id }));
  // Attempts counted after this one stay: they are failures of their own.
  const clear = count === 1 ? release : () => resetRateLimit(doc.key);
  if (count <= limit) return { allowed: true, remaining: limit - count, retryAfterSeconds: 0, release, clear };

  if (!keepRefused) await release();
  const oldest = await log.findOne({ key: doc.key, expiresAt: { $gt: now } }, { sort: { expiresAt: 1 }, projection: { expiresAt: 1 } });
  const retryAt = oldest?.expiresAt.getTime() ?? secondsFrom(now, windowSeconds).getTime();
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
  return { allowed: false, remaining: 0, retryAfterSeconds, release: () => Promise.resolve(), clear: () => resetRateLimit(doc.key) };
}

/** Forgets every attempt against `key` (a successful sign-in clears its failures). */
export async function resetRateLimit(key: string): Promise<void> {
  await (await attemptLog()).deleteMany({ key });
}

/**
 * A limit of exactly one: true for the first claim of `key` within
 * `windowSeconds`, false for every other, however many arrive at once. The
 * claim is a document whose _id is the key, and a unique _id is what MongoDB
 * and FerretDB both enforce atomically (a conditional update is not: FerretDB
 * v1 can report two concurrent updates of one document as both matching).
 * The key must name one thing to be done once (a held prompt's random IV),
 * as an expired claim lingers until the sweep where there is no TTL monitor.
 */
export async function claimOnce(key: string, windowSeconds: number): Promise<boolean> {
  const log = await attemptLog();
  const now = new Date();
  await sweepExpiredAttempts(log, now);
  try {
    await log.insertOne({ _id: `once:${key}`, key, expiresAt: secondsFrom(now, windowSeconds) });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Blocks `key` for `seconds` from now (a lock after too many failures), by
 * one more attempt document whose expiry is the block's end: `blockedFor`
 * reads it back. An insert, so concurrent blocks never lose one another.
 */
export async function blockFor(key: string, seconds: number): Promise<void> {
  await (await attemptLog()).insertOne({ _id: new ObjectId(), key, expiresAt: secondsFrom(new Date(), seconds) });
}

/** Seconds until the last block of `key` ends, or 0 when it is not blocked. */
export async function blockedFor(key: string): Promise<number> {
  const now = new Date();
  const last = await (await attemptLog()).findOne({ key, expiresAt: { $gt: now } }, { sort: { expiresAt: -1 }, projection: { expiresAt: 1 } });
  return last ? Math.max(1, Math.ceil((last.expiresAt.getTime() - now.getTime()) / 1000)) : 0;
}
