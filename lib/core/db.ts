import "#server-only";
import mongoose, { type Mongoose } from "mongoose";
import type { Db, MongoClient } from "mongodb";
import { getEnv } from "./env";
import { ensureIndexes } from "./indexes";

/**
 * One MongoDB connection for the whole process, shared by Mongoose and the
 * NextAuth adapter (the adapter is handed the very `MongoClient` that Mongoose
 * holds, so there is one pool, not two).
 *
 * The cache lives on `globalThis` so that dev hot reload, which re-evaluates
 * this module, reuses the open connection instead of opening a pool per edit.
 */

/** How long to wait for a server before calling the database unreachable. */
const DB_TIMEOUT_MS = 4_000;

/** MongoDB could not be reached in time; the API answers 503 (lib/http/errors.ts). */
export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("The database is unreachable", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

interface ConnectionCache {
  conn: Mongoose | null;
  promise: Promise<Mongoose> | null;
}

// Without a connection, model operations fail at once instead of queueing for 10 s.
mongoose.set("bufferCommands", false);

const globalForDb = globalThis as typeof globalThis & { mongooseConnection?: ConnectionCache };
const cache: ConnectionCache = (globalForDb.mongooseConnection ??= { conn: null, promise: null });

/** Connects once (later calls share the same promise) and returns the Mongoose instance. */
export function connectToDatabase(): Promise<Mongoose> {
  if (cache.conn) return Promise.resolve(cache.conn);
  cache.promise ??= mongoose
    .connect(getEnv().MONGODB_URI, {
      serverSelectionTimeoutMS: DB_TIMEOUT_MS,
      connectTimeoutMS: DB_TIMEOUT_MS,
      maxPoolSize: 20,
    })
    .then(async (connected) => {
      // Unique indexes decide races (two sign-ups for one email), so they must
      // exist before the first request is served.
      await ensureIndexes(connected.connection.getClient().db());
      return connected;
    })
    .then(
      (connected) => {
        cache.conn = connected;
        return connected;
      },
      (error: unknown) => {
        // Forget the failed attempt so the next request tries again: the app
        // recovers by itself when the database comes back.
        cache.promise = null;
        throw new DatabaseUnavailableError(error);
      },
    );
  return cache.promise;
}

/** The driver client under Mongoose's connection; hand this to the NextAuth adapter. */
export async function getMongoClient(): Promise<MongoClient> {
  return (await connectToDatabase()).connection.getClient();
}

/** The application database (the one named in `MONGODB_URI`). */
export async function getDb(): Promise<Db> {
  return (await getMongoClient()).db();
}

/** Pings the database, giving up after `timeoutMs`. */
export async function pingDatabase(timeoutMs = DB_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = getDb()
    .then((db) => db.command({ ping: 1 }))
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes the shared connection (scripts and tests call this when they finish). */
export async function disconnectFromDatabase(): Promise<void> {
  const pending = cache.promise;
  cache.conn = null;
  cache.promise = null;
  if (pending) await pending.then((connected) => connected.disconnect()).catch(() => undefined);
}
