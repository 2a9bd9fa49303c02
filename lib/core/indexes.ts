import "#server-only";
import type { CreateIndexesOptions, Db, Document, IndexSpecification } from "mongodb";
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

/** Server answers meaning "this server cannot build that kind of index" (a TTL or a partial one). */
const UNSUPPORTED_INDEX_CODES = new Set([67, 115, 238]);

/** Server answers meaning "an index with this name or key exists with other options". */
const CONFLICTING_INDEX_CODES = new Set([85, 86]);

interface IndexPlan {
  collection: string;
  key: IndexSpecification;
  unique?: boolean;
  /** Seconds after the indexed date at which MongoDB may delete the document. */
  expireAfterSeconds?: number;
  /**
   * Only documents matching it are indexed. A server without partial indexes
   * (FerretDB v1) gets a sparse index instead, which skips documents that lack
   * the field: the same rule as long as the field is absent, never null.
   */
  partialFilterExpression?: Document;
}

const plans: IndexPlan[] = [
  // One account per (normalised) email: the index, not a prior read, decides racing sign-ups.
  // Accounts without an email (an OAuth sign-in with no verified address) are not indexed, so there can be many.
  { collection: collections.users, key: { email: 1 }, unique: true, partialFilterExpression: { email: { $type: "string" } } },
  { collection: collections.users, key: { createdAt: -1 } },
  { collection: collections.accounts, key: { provider: 1, providerAccountId: 1 }, unique: true },
  { collection: collections.accounts, key: { userId: 1 } },
  { collection: collections.sessions, key: { sessionToken: 1 }, unique: true },
  { collection: collections.sessions, key: { userId: 1 } },
  { collection: collections.sessions, key: { expires: 1 }, expireAfterSeconds: 0 },
  { collection: collections.verificationTokens, key: { identifier: 1, token: 1 }, unique: true },
  // Email links are looked up by their hash, and replaced per user and purpose.
  { collection: collections.verificationTokens, key: { token: 1 } },
  { collection: collections.verificationTokens, key: { userId: 1, purpose: 1 } },
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
  const fallbacks = plans.filter((_plan, index) => outcomes[index] === "fallback");
  if (fallbacks.length > 0) {
    log.info("db.index_fallbacks", {
      detail: "no TTL or partial indexes on this server: plain or sparse indexes instead",
      collections: fallbacks.map((plan) => plan.collection).join(","),
    });
  }
}

/** What the server should build for `plan`, and what to build where it cannot. */
function indexOptions({ unique, expireAfterSeconds, partialFilterExpression }: IndexPlan): {
  preferred: CreateIndexesOptions;
  fallback?: CreateIndexesOptions;
} {
  const base: CreateIndexesOptions = unique ? { unique } : {};
  if (expireAfterSeconds !== undefined) return { preferred: { ...base, expireAfterSeconds }, fallback: base };
  if (partialFilterExpression) return { preferred: { ...base, partialFilterExpression }, fallback: { ...base, sparse: true } };
  return { preferred: base };
}

async function createIndex(db: Db, plan: IndexPlan): Promise<"created" | "fallback"> {
  const { preferred, fallback } = indexOptions(plan);
  try {
    await createOrReplaceIndex(db, plan, preferred);
    return "created";
  } catch (error) {
    if (!fallback || !UNSUPPORTED_INDEX_CODES.has(errorCode(error))) throw error;
    await createOrReplaceIndex(db, plan, fallback);
    return "fallback";
  }
}

/**
 * Creates the index; where one with the same key but other options exists
 * (from an earlier version of this app, like the email index before it
 * skipped accounts without an email), drops that one first.
 */
async function createOrReplaceIndex(db: Db, plan: IndexPlan, options: CreateIndexesOptions): Promise<void> {
  const target = db.collection(plan.collection);
  try {
    await target.createIndex(plan.key, options);
  } catch (error) {
    if (!CONFLICTING_INDEX_CODES.has(errorCode(error))) throw error;
    const existing = (await target.indexes()).find((index) => JSON.stringify(index.key) === JSON.stringify(plan.key));
    if (!existing?.name) throw error;
    log.info("db.index_replaced", { collection: plan.collection, index: existing.name });
    await target.dropIndex(existing.name);
    await target.createIndex(plan.key, options);
  }
}

/** The server's error code, or 0 for an error that carries none. */
function errorCode(error: unknown): number {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return typeof code === "number" ? code : 0;
}
