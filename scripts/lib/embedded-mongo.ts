import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { MongoMemoryServer } from "mongodb-memory-server";

/** Where the embedded MongoDB keeps its data, and where a running one publishes its URI. */
function embeddedPaths(root: string) {
  const dataDir = path.join(root, ".data", "mongodb");
  return { dataDir, uriFile: path.join(root, ".data", "mongodb.uri") };
}

/** The URI of the embedded MongoDB `npm run dev` is running now, if it is. */
export function runningEmbeddedUri(root: string): string | undefined {
  const { uriFile } = embeddedPaths(root);
  return existsSync(uriFile) ? readFileSync(uriFile, "utf8").trim() || undefined : undefined;
}

/**
 * Starts the persistent embedded MongoDB (data survives restarts) and
 * publishes its URI for `npm run seed` while it runs. Throws a message the
 * user can act on when the binary cannot be obtained or the data folder is in use.
 */
export async function startEmbeddedMongo(root: string): Promise<{ uri: string; dataDir: string; stop(): Promise<void> }> {
  const { dataDir, uriFile } = embeddedPaths(root);
  mkdirSync(dataDir, { recursive: true });
  let MongoMemoryServerClass: typeof MongoMemoryServer;
  try {
    ({ MongoMemoryServer: MongoMemoryServerClass } = await import("mongodb-memory-server"));
  } catch {
    throw new Error("mongodb-memory-server is not installed (run npm install), or set MONGODB_URI in .env.local");
  }
  // mongodb-memory-server prints its own stack trace on failure; the user gets
  // our one actionable line instead.
  const warn = console.warn;
  console.warn = () => undefined;
  let server: MongoMemoryServer;
  try {
    server = await MongoMemoryServerClass.create({
      instance: { dbPath: dataDir, storageEngine: "wiredTiger", dbName: "keyforge" },
    });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
    throw new Error(
      `Could not start the embedded MongoDB (${reason}). ` +
        "Set MONGODB_URI in .env.local to a MongoDB you run, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/keyforge",
    );
  } finally {
    console.warn = warn;
  }
  const uri = server.getUri();
  writeFileSync(uriFile, `${uri}\n`);
  return {
    uri,
    dataDir,
    async stop() {
      rmSync(uriFile, { force: true });
      await server.stop({ doCleanup: false });
    },
  };
}
