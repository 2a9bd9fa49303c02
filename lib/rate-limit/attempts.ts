import "#server-only";
import { ObjectId } from "mongodb";
import { collections } from "@/lib/core/collections";
import { getDb } from "@/lib/core/db";

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
 * `limit` attempts per window get through however many arrive at once.
 */

export interface RateLimitRule {
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
}

interface RateLimitResult {
  allowed: boolean;
  /** Attempts still allowed in this window after this one (0 when this was the last, or refused). */
  remaining: number;
  /** Seconds until another attempt can be allowed (0 when allowed). */
  retryAfterSeconds: number;
  /** Takes an allowed attempt back (when another limit refused the same action); nothing for a refused one. */
  release(): Promise<void>;
}

interface AttemptDoc {
  _id: ObjectId;
  key: string;
  expiresAt: Date;
}

async function attempts() {
  return (await getDb()).collection<AttemptDoc>(collections.rateLimits);
}

/** How often, at most, this process deletes expired attempts where there is no TTL monitor. */
const SWEEP_INTERVAL_MS = 60_000;
let lastSweepAt = 0;

/**
 * Deletes expired attempts, at most once a minute per process. MongoDB's TTL
 * index does this on its own; FerretDB has none, and counts ignore expired
 * attempts anyway, so this only keeps the collection from growing.
 */
function sweepExpiredAttempts(log: Awaited<ReturnType<typeof attempts>>, now: Date): Promise<unknown> {
  if (now.getTime() - lastSweepAt < SWEEP_INTERVAL_MS) return Promise.resolve();
  lastSweepAt = now.getTime();
  return log.deleteMany({ expiresAt: { $lte: now } });
}

/**
 * Counts one attempt against `key`. A refused attempt is not kept, so waiting
 * out the window is enough even if the client kept retrying meanwhile.
 */
export async function consumeRateLimit(key: string, { limit, windowSeconds }: RateLimitRule): Promise<RateLimitResult> {
  const log = await attempts();
  const now = new Date();
  const _id = new ObjectId();
  await Promise.all([
    log.insertOne({ _id, key, expiresAt: new Date(now.getTime() + windowSeconds * 1000) }),
    sweepExpiredAttempts(log, now),
  ]);
  const live = { key, expiresAt: { $gt: now } };
  const count = await log.countDocuments(live);
  const release = async () => void (await log.deleteOne({ _id }));
  if (count <= limit) return { allowed: true, remaining: limit - count, retryAfterSeconds: 0, release };

  await release();
  const oldest = await log.findOne(live, { sort: { expiresAt: 1 }, projection: { expiresAt: 1 } });
  const retryAt = oldest?.expiresAt.getTime() ?? now.getTime() + windowSeconds * 1000;
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
  return { allowed: false, remaining: 0, retryAfterSeconds, release: () => Promise.resolve() };
}

/** Forgets every attempt against `key` (a successful sign-in clears its failures). */
export async function resetRateLimit(key: string): Promise<void> {
  await (await attempts()).deleteMany({ key });
}
