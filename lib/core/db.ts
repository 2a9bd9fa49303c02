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

/**
 * The driver's and Mongoose's names for "the server cannot be reached", and
 * for "it did not answer within DB_REQUEST_TIMEOUT_MS" (a hung server looks
 * like a reachable one to the driver until a call times out).
 */
const unreachableDatabaseErrorNames = new Set([
  "MongoOperationTimeoutError",
  "MongooseServerSelectionError",
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoPoolClearedError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
]);

/** The server's own "operation exceeded its time limit" (the `maxTimeMS` the driver sends with each command). */
const MAX_TIME_MS_EXPIRED = 50;

/** Whether `error` says the database could not be reached (the API answers 503), not that a command failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (unreachableDatabaseErrorNames.has(error.name)) return true;
  if ("code" in error && error.code === MAX_TIME_MS_EXPIRED) return true;
  // A bulk write (insertMany) wraps the driver's own error, such as "the connection pool was cleared".
  const wrapped: unknown = "errorResponse" in error ? error.errorResponse : undefined;
  return wrapped instanceof Error && isDatabaseUnavailable(wrapped);
}

/**
 * Runs `work`, and again every `stepMs` while it fails because the database is
 * unavailable, for up to `budgetMs`: for the few writes a request must not
 * answer without (the audit event of what it did, a sign-out's revocation),
 * so a blink of the database (a restart, a failover, a pause) delays them
 * instead of losing them. Any other failure, or the last one, is thrown. A
 * write that timed out may have been applied: retry only what tolerates that.
 */
export async function retryWhileDatabaseUnavailable<T>(work: () => Promise<T>, budgetMs = 5_000, stepMs = 250): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + stepMs >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  }
}

interface ConnectionCache {
  conn: Mongoose | null;
  promise: Promise<Mongoose> | null;
  /** Whether the driver knows a reachable server now (watchReachability). */
  reachable: boolean;
  /** Whether calls go without DB_REQUEST_TIMEOUT_MS (scripts: liftRequestTimeout). */
  unbounded?: boolean;
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
 * Every call is bounded by DB_REQUEST_TIMEOUT_MS with the driver's `timeoutMS`
 * (client-side operation timeout, CSOT): one budget per operation covering
 * server selection, the pool checkout and the wait for the reply, of which
 * the remainder is sent as the command's `maxTimeMS` so the server stops
 * too. A hung server (paused, connections open) is noticed by no heartbeat
 * or socket error; only a deadline on each call answers 503 quickly. The
 * driver's older `socketTimeoutMS` + `maxTimeMS` pair bounds only the wait on
 * the socket and must be set on each command; the driver deprecates both for
 * `timeoutMS`. The client's option reaches the NextAuth adapter too (it is
 * handed this very client). Work that legitimately runs longer says so:
 * index builds (buildIndexes below, no bound), cursors that stream
 * (`timeoutMode: "iteration"`: each batch bounded, not the whole stream,
 * lib/access/door.ts), scripts (liftRequestTimeout).
 */
function requestTimeout(): { timeoutMS?: number } {
  return cache.unbounded ? {} : { timeoutMS: getEnv().DB_REQUEST_TIMEOUT_MS };
}

/**
 * For scripts (seed, rotate-keys, retention, migrate-emails), before they
 * connect: their calls walk whole collections and have no request to answer,
 * so they go without DB_REQUEST_TIMEOUT_MS.
 */
export function liftRequestTimeout(): void {
  cache.unbounded = true;
}

/**
 * Options for a cursor that streams for longer than one call (an export):
 * each batch is bounded by DB_REQUEST_TIMEOUT_MS, not the cursor's whole
 * life (the driver's default when `timeoutMS` is set).
 */
export function streamingCursorOptions(): { timeoutMode?: "iteration" } {
  return cache.unbounded ? {} : { timeoutMode: "iteration" };
}

/** The database with no per-call bound: index builds at start-up can take long on a big collection. */
function unboundedDb(client: MongoClient): Db {
  return client.db(undefined, { timeoutMS: 0 });
}

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
      ...requestTimeout(),
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
      await buildRegisteredIndexes(unboundedDb(client));
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
    lateIndexBuild ??= buildRegisteredIndexes(unboundedDb(connected.connection.getClient())).finally(() => {
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
