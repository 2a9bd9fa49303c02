import "#server-only";
import type { CreateIndexesOptions, Db, Document, IndexSpecification } from "mongodb";
import { log } from "./log";

/**
 * The indexes the app needs, registered by each feature in the module that
 * owns its collection's data access (lib/users/repository.ts, …): that module
 * loads before the collection is used, so none is used without its indexes,
 * and this module knows no feature. The models set `autoIndex: false` and
 * point to those modules. Registered indexes are built at the first
 * connection, and any registered later (a route whose feature loads on its
 * first request) before the next connection is handed out (lib/core/db.ts).
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

const registered = new Map<string, IndexPlan>();
let unbuilt: IndexPlan[] = [];

/** Adds a feature's indexes (again registering one already known does nothing). */
export function registerIndexes(...plans: IndexPlan[]): void {
  for (const plan of plans) {
    const id = `${plan.collection}:${JSON.stringify(plan.key)}`;
    if (registered.has(id)) continue;
    registered.set(id, plan);
    unbuilt.push(plan);
  }
}

/** Every index registered so far (the tests check that each collection has its own). */
export function registeredIndexes(): IndexPlan[] {
  return [...registered.values()];
}

/** Whether some registered index has not been built yet. */
export function hasUnbuiltIndexes(): boolean {
  return unbuilt.length > 0;
}

/**
 * Creates every index registered and not built yet; safe to run again
 * (existing indexes are left as they are). Those it could not build stay
 * to be tried again.
 */
export async function buildRegisteredIndexes(db: Db): Promise<void> {
  const plans = unbuilt;
  unbuilt = [];
  let outcomes: ("created" | "fallback")[];
  try {
    outcomes = await Promise.all(plans.map((plan) => createIndex(db, plan)));
  } catch (error) {
    unbuilt = [...plans, ...unbuilt];
    throw error;
  }
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
