import "#server-only";
import type { Db, IndexSpecification } from "mongodb";
import { AUTH_EVENT_RETENTION_DAYS } from "@/lib/audit/shared";
import { collections } from "./collections";
import { log } from "./log";

/**
 * Every index the app needs, in one list, created once per process at the
 * first connection (the models set `autoIndex: false` and point here).
 * TTL indexes are created where the server supports them (MongoDB) and fall
 * back to a plain index where it does not (FerretDB v1); code that reads
 * expiring documents always checks the expiry itself, so nothing relies on
 * the TTL monitor for correctness.
 */

/** Server answers meaning "this server cannot build a TTL index". */
const TTL_UNSUPPORTED_CODES = new Set([67, 115, 238]);

interface IndexPlan {
  collection: string;
  key: IndexSpecification;
  unique?: boolean;
  /** Seconds after the indexed date at which MongoDB may delete the document. */
  expireAfterSeconds?: number;
}

const plans: IndexPlan[] = [
  // One account per (normalised) email: the index, not a prior read, decides racing sign-ups.
  { collection: collections.users, key: { email: 1 }, unique: true },
  { collection: collections.users, key: { createdAt: -1 } },
  { collection: collections.accounts, key: { provider: 1, providerAccountId: 1 }, unique: true },
  { collection: collections.accounts, key: { userId: 1 } },
  { collection: collections.sessions, key: { sessionToken: 1 }, unique: true },
  { collection: collections.sessions, key: { userId: 1 } },
  { collection: collections.sessions, key: { expires: 1 }, expireAfterSeconds: 0 },
  { collection: collections.verificationTokens, key: { identifier: 1, token: 1 }, unique: true },
  { collection: collections.verificationTokens, key: { expires: 1 }, expireAfterSeconds: 0 },
  { collection: collections.rateLimits, key: { key: 1, expiresAt: 1 } },
  { collection: collections.rateLimits, key: { expiresAt: 1 }, expireAfterSeconds: 0 },
  // A user's activity, newest first; and the retention (lib/audit also sweeps where there is no TTL).
  { collection: collections.authEvents, key: { userId: 1, at: -1 } },
  { collection: collections.authEvents, key: { at: 1 }, expireAfterSeconds: AUTH_EVENT_RETENTION_DAYS * 24 * 60 * 60 },
  // A user's generations (usage and history), newest first, with the id as the tie-break of the history's cursor.
  { collection: collections.generations, key: { userId: 1, createdAt: -1, _id: -1 } },
];

/** Creates every index; safe to run again (existing indexes are left as they are). */
export async function ensureIndexes(db: Db): Promise<void> {
  const outcomes = await Promise.all(plans.map((plan) => createIndex(db, plan)));
  const withoutTtl = plans.filter((_plan, index) => outcomes[index] === "ttl-unsupported");
  if (withoutTtl.length > 0) {
    log.info("db.ttl_indexes_unsupported", { collections: withoutTtl.map((plan) => plan.collection).join(",") });
  }
}

async function createIndex(db: Db, plan: IndexPlan): Promise<"created" | "ttl-unsupported"> {
  const { collection, key, unique, expireAfterSeconds } = plan;
  const target = db.collection(collection);
  if (expireAfterSeconds === undefined) {
    await target.createIndex(key, unique ? { unique } : {});
    return "created";
  }
  try {
    await target.createIndex(key, { expireAfterSeconds });
    return "created";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "number" || !TTL_UNSUPPORTED_CODES.has(code)) throw error;
    await target.createIndex(key);
    return "ttl-unsupported";
  }
}
