import path from "node:path";
import ConnectionString from "mongodb-connection-string-url";
import { MongoClient } from "mongodb";
import { describeConfiguredDatabase, startLocalDatabase } from "../../scripts/lib/local-database";

/**
 * Where tests get a database: `MONGODB_TEST_URI` when set (any MongoDB-wire
 * server: mongod, Atlas, FerretDB), else the local database the global setup
 * starts (mongodb-memory-server, or FerretDB where MongoDB cannot be
 * downloaded; see scripts/lib/local-database.ts). Each test file works in a
 * database of its own, named at random, and drops it at the end, so files can
 * run in parallel.
 */

/** The server's base URI, published by the global setup to every worker. */
export function testServerUri(): string {
  const uri = process.env.TEST_MONGODB_SERVER_URI;
  if (!uri) throw new Error("TEST_MONGODB_SERVER_URI is not set: run the tests through jest (npm test)");
  return uri;
}

/** `uri` with its database path replaced by `databaseName`. */
export function withDatabaseName(uri: string, databaseName: string): string {
  const parsed = new ConnectionString(uri);
  parsed.pathname = `/${databaseName}`;
  return parsed.toString();
}

/** `uri` pointed at another host and port, talking to that one server directly. */
export function withHost(uri: string, host: string): string {
  const parsed = new ConnectionString(uri);
  parsed.hosts = [host];
  parsed.searchParams.set("directConnection", "true");
  parsed.searchParams.delete("replicaSet");
  return parsed.toString();
}

/** The first host:port of `uri`. */
export function firstHost(uri: string): { host: string; port: number } {
  const [first = "127.0.0.1:27017"] = new ConnectionString(uri).hosts;
  const [host = "127.0.0.1", port = "27017"] = first.split(":");
  return { host, port: Number(port) };
}

/** Drops `databaseName` on the server at `serverUri`, through a short-lived client of its own. */
export async function dropDatabase(serverUri: string, databaseName: string): Promise<void> {
  const client = new MongoClient(serverUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    await client.db(databaseName).dropDatabase();
  } finally {
    await client.close();
  }
}

/** Drops this test file's database. */
export function dropTestDatabase(databaseName: string): Promise<void> {
  return dropDatabase(testServerUri(), databaseName);
}

export interface TestMongoServer {
  uri: string;
  /** One line saying which server this is and where its data lives. */
  summary: string;
  /** Stops the server if this process started it; an external server is left alone. */
  stop(): Promise<void>;
}

/**
 * The server tests use: MONGODB_TEST_URI when set, else a local database
 * started now, its data in a temporary folder (failing with what to do when
 * none can be started).
 */
export async function startTestMongoServer(): Promise<TestMongoServer> {
  const configured = process.env.MONGODB_TEST_URI;
  if (configured) {
    return { uri: configured, summary: describeConfiguredDatabase("MONGODB_TEST_URI", configured), stop: async () => undefined };
  }
  return startLocalDatabase({ purpose: "test", root: path.resolve(__dirname, "../..") });
}
