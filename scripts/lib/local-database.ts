import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildFerretDB, cachedFerretDBBinary, isOnPath, pinnedFerretDBVersion } from "./ferretdb-build";
import { startFerretDB } from "./ferretdb-server";
import { startMemoryServer } from "./memory-server";

/**
 * The database `npm run dev`, `npm run seed` and `npm test` start for
 * themselves when no MONGODB_URI / MONGODB_TEST_URI is set: MongoDB through
 * mongodb-memory-server, else (when that fails and Go is installed) the
 * FerretDB pinned in tools/ferretdb, else an error that lists the ways to get one.
 */

/** "dev" keeps its data under .data/ (dev and seed); "test" keeps it in a temporary folder. */
type DatabasePurpose = "dev" | "test";

export interface LocalDatabase {
  /** Dev: names the `keyforge` database. Test: names none (each test file picks its own). */
  uri: string;
  /** One line for the terminal: which database, where, where its data lives and, for FerretDB, why. */
  summary: string;
  /** Stops what was started and waits until it has stopped. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the local database for `purpose`; `root` is the repository (for .data/ and tools/ferretdb). */
export async function startLocalDatabase({ purpose, root }: { purpose: DatabasePurpose; root: string }): Promise<LocalDatabase> {
  const label = purpose === "dev" ? "Database" : "Test database";
  const dataFolder = (name: string) => (purpose === "dev" ? path.join(".data", name) : "a temporary folder");

  let memoryServerFailure: string;
  try {
    const server = await startMemoryServer(purpose === "dev" ? path.join(root, ".data", "mongodb") : undefined);
    const summary = `${label}: MongoDB ${server.version} (mongodb-memory-server) at ${server.uri}, data in ${dataFolder("mongodb")}`;
    return { uri: server.uri, summary, stop: server.stop };
  } catch (error) {
    memoryServerFailure = error instanceof Error ? error.message : String(error);
  }

  if (!isOnPath("go")) throw new Error(noDatabaseMessage(`${memoryServerFailure}, and Go is not on the PATH to build FerretDB.`));
  const version = pinnedFerretDBVersion(root);
  let binary = cachedFerretDBBinary(version);
  if (!binary) {
    console.log(`${memoryServerFailure}: building FerretDB ${version} once, about 2 minutes…`);
    try {
      binary = await buildFerretDB(root);
    } catch (error) {
      throw new Error(noDatabaseMessage(error instanceof Error ? error.message : String(error)));
    }
  }
  const dataDir =
    purpose === "dev" ? path.join(root, ".data", "ferretdb") : mkdtempSync(path.join(os.tmpdir(), "keyforge-ferretdb-"));
  const server = await startFerretDB(binary, dataDir, purpose === "test");
  const uri = `mongodb://127.0.0.1:${server.port}/${purpose === "dev" ? "keyforge" : ""}`;
  const summary = `${label}: FerretDB ${version} (SQLite) at ${uri}, data in ${dataFolder("ferretdb")} — ${memoryServerFailure}`;
  return { uri, summary, stop: server.stop };
}

/** The summary line for a database the user configured, with any password in its URI hidden. */
export function describeConfiguredDatabase(variable: "MONGODB_URI" | "MONGODB_TEST_URI", uri: string): string {
  const label = variable === "MONGODB_URI" ? "Database" : "Test database";
  return `${label}: ${variable} at ${withoutPassword(uri)}, data on that server`;
}

/** `mongodb://user:secret@host/db` → `mongodb://user:***@host/db`. */
function withoutPassword(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/[^:@/]*):[^@/]*@/i, "$1:***@");
}

function noDatabaseMessage(problem: string): string {
  return [
    `No database: ${problem}`,
    "Any one of these gives you one:",
    "  - set MONGODB_URI (npm run dev, npm run seed; e.g. in .env.local) or MONGODB_TEST_URI (npm test) to a MongoDB you run,",
    "    e.g. mongodb://127.0.0.1:27017/keyforge",
    "  - let mongodb-memory-server download MongoDB once (it needs to reach fastdl.mongodb.org),",
    "    or set MONGOMS_SYSTEM_BINARY to a mongod binary you have",
    "  - install Go (https://go.dev/dl/), so the FerretDB pinned in tools/ferretdb can be built once",
  ].join("\n");
}
