import { mkdirSync } from "node:fs";
import type { MongoMemoryServer } from "mongodb-memory-server";

/**
 * Starts a persistent embedded MongoDB for `npm run dev` (data survives
 * restarts). Throws a message the user can act on when the binary cannot be
 * obtained or the data folder is in use.
 */
export async function startEmbeddedMongo(dbPath: string): Promise<MongoMemoryServer> {
  mkdirSync(dbPath, { recursive: true });
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
  try {
    return await MongoMemoryServerClass.create({
      instance: { dbPath, storageEngine: "wiredTiger", dbName: "keyforge" },
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
}
