import "#server-only";
import { channel } from "node:diagnostics_channel";
import mongoose, { type Mongoose } from "mongoose";
import type { Db, MongoClient } from "mongodb";
import { getEnv } from "./env";
import { onShutdown } from "./lifecycle";
import { buildRegisteredIndexes, hasUnbuiltIndexes } from "./indexes";
import { realSchedule, type Schedule } from "./schedule";

/**
 * One MongoDB connection for the whole process, shared by Mongoose and the
 * NextAuth adapter (the adapter is handed the very `MongoClient` that Mongoose
 * holds, so there is one pool, not two).
 *
 * The cache lives on `globalThis` so that dev hot reload, which re-evaluates
 * this module, reuses the open connection instead of opening a pool per edit.
 */

/**
 * Every command the driver sends (its name, database and body), for whoever
 * listens: the benchmark and the tests count commands per request. The driver's command
 * monitoring costs an event per command, so it is on only when a subscriber
 * was there before the first connection.
 */
export const DB_COMMAND_CHANNEL = "keyforge:db:command";
const commandChannel = channel(DB_COMMAND_CHANNEL);

/** How long to wait for a server before calling the database unreachable. */
const DB_TIMEOUT_MS = 4_000;

/** MongoDB could not be reached in time; the API answers 503 (lib/http/errors.ts). */
class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("The database is unreachable", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

/** The driver's and Mongoose's names for "the server cannot be reached". */
const unreachableDatabaseErrorNames = new Set([
  "MongooseServerSelectionError",
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoPoolClearedError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
]);

/** Whether `error` says the database could not be reached (the API answers 503), not that a command failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (unreachableDatabaseErrorNames.has(error.name)) return true;
  // A bulk write (insertMany) wraps the driver's own error, such as "the connection pool was cleared".
  const wrapped: unknown = "errorResponse" in error ? error.errorResponse : undefined;
  return wrapped instanceof Error && isDatabaseUnavailable(wrapped);
}

interface ConnectionCache {
  conn: Mongoose | null;
  promise: Promise<Mongoose> | null;
  /** Whether the driver knows a reachable server now (watchReachability). */
  reachable: boolean;
}

// Without a connection, model operations fail at once instead of queueing for 10 s.
mongoose.set("bufferCommands", false);

// globalThis's type knows nothing kept there: this names the one property this module keeps.
const globalForDb = globalThis as typeof globalThis & { mongooseConnection?: ConnectionCache };
const cache: ConnectionCache = (globalForDb.mongooseConnection ??= { conn: null, promise: null, reachable: true });

/**
 * Keeps `cache.reachable` to what the driver knows: whether any server of the
 * deployment is up. Its monitors notice a server going away at once when the
 * connection drops, or within a heartbeat, and notice its return within a
 * heartbeat (HEARTBEAT_MS). An election leaves the other members known, so
 * it does not count as unreachable.
 */
function watchReachability(client: MongoClient): void {
  client.on("topologyDescriptionChanged", ({ newDescription }) => {
    cache.reachable = [...newDescription.servers.values()].some((server) => server.type !== "Unknown");
  });
}

/** How often the driver checks each server (its default is 10 s): how soon a returning database is noticed. */
const HEARTBEAT_MS = 2_000;

/**
 * Connects once (later calls share the same promise) and returns the Mongoose
 * instance. While connected but with no server reachable, it fails at once
 * with DatabaseUnavailableError instead of letting each command wait
 * DB_TIMEOUT_MS for a server: during an outage a signed-in request would
 * otherwise wait twice, to revalidate its session and for its own read.
 */
export function connectToDatabase(): Promise<Mongoose> {
  if (cache.conn) {
    if (!cache.reachable) return Promise.reject(new DatabaseUnavailableError());
    return hasUnbuiltIndexes() ? withLateIndexes(cache.conn) : Promise.resolve(cache.conn);
  }
  cache.promise ??= mongoose
    .connect(getEnv().MONGODB_URI, {
      serverSelectionTimeoutMS: DB_TIMEOUT_MS,
      connectTimeoutMS: DB_TIMEOUT_MS,
      heartbeatFrequencyMS: HEARTBEAT_MS,
      maxPoolSize: 20,
      monitorCommands: commandChannel.hasSubscribers,
    })
    .then(async (connected) => {
      const client = connected.connection.getClient();
      cache.reachable = true;
      watchReachability(client);
      if (commandChannel.hasSubscribers) {
        client.on("commandStarted", ({ commandName, databaseName, command }) => commandChannel.publish({ commandName, databaseName, command }));
      }
      // Unique indexes decide races (two sign-ups for one email), so they must
      // exist before the first request is served.
      await buildRegisteredIndexes(client.db());
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

/** The build of indexes registered after the first connection, while one runs. */
let lateIndexBuild: Promise<void> | null = null;

/**
 * `connected`, once the indexes a feature registered after the first
 * connection (it loaded with a later route) are built: its collection is
 * not used before they exist. One build at a time; a failed one is tried
 * again by the next caller.
 */
async function withLateIndexes(connected: Mongoose): Promise<Mongoose> {
  while (hasUnbuiltIndexes()) {
    lateIndexBuild ??= buildRegisteredIndexes(connected.connection.getClient().db()).finally(() => {
      lateIndexBuild = null;
    });
    await lateIndexBuild;
  }
  return connected;
}

/** The driver client under Mongoose's connection; hand this to the NextAuth adapter. */
export async function getMongoClient(): Promise<MongoClient> {
  return (await connectToDatabase()).connection.getClient();
}

/** The application database (the one named in `MONGODB_URI`). */
export async function getDb(): Promise<Db> {
  return (await getMongoClient()).db();
}

/** Pings the database, giving up after `timeoutMs` whatever the driver is still waiting for. */
export async function pingDatabase(timeoutMs = DB_TIMEOUT_MS, schedule: Schedule = realSchedule): Promise<boolean> {
  let cancelTimeout = () => {};
  const timeout = new Promise<false>((resolve) => {
    cancelTimeout = schedule(() => resolve(false), timeoutMs);
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
    cancelTimeout();
  }
}

/** Closes the shared connection (scripts and tests call this when they finish). */
export async function disconnectFromDatabase(): Promise<void> {
  const pending = cache.promise;
  cache.conn = null;
  cache.promise = null;
  if (pending) await pending.then((connected) => connected.disconnect()).catch(() => undefined);
}

// The last thing a stopping server does, after the "flush" hooks have written what they hold (docs/operations.md).
onShutdown("database", disconnectFromDatabase, "close");
