import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import type { MongoMemoryServer } from "mongodb-memory-server";

/** A MongoDB that mongodb-memory-server started. */
interface MemoryServer {
  uri: string;
  /** The server's version, e.g. "8.2.6". */
  version: string;
  stop(): Promise<void>;
}

/**
 * Starts MongoDB through mongodb-memory-server, which downloads it once (or
 * runs MONGOMS_SYSTEM_BINARY; it reads its MONGOMS_* variables itself). With
 * `dataDir`, the data persists there and the URI names the `keyforge`
 * database; without, the data lives in a temporary folder and the URI names
 * none. Throws a one-line reason when MongoDB cannot be obtained or started.
 */
export async function startMemoryServer(dataDir?: string): Promise<MemoryServer> {
  let MongoMemoryServerClass: typeof MongoMemoryServer;
  try {
    ({ MongoMemoryServer: MongoMemoryServerClass } = await import("mongodb-memory-server"));
  } catch {
    throw new Error("mongodb-memory-server is not installed (npm install adds it)");
  }
  // Our own temporary folder: the one mongodb-memory-server makes is left behind when its download fails.
  const dbPath = dataDir ?? mkdtempSync(path.join(os.tmpdir(), "keyforge-mongodb-"));
  const removeTemporaryFolder = () => {
    if (!dataDir) rmSync(dbPath, { recursive: true, force: true });
  };
  mkdirSync(dbPath, { recursive: true });
  // mongodb-memory-server prints its own stack trace on failure; the caller
  // reports our one-line reason instead.
  const warn = console.warn;
  console.warn = () => undefined;
  let server: MongoMemoryServer;
  try {
    server = await MongoMemoryServerClass.create({
      instance: dataDir ? { dbPath, storageEngine: "wiredTiger", dbName: "keyforge" } : { dbPath },
    });
  } catch (error) {
    removeTemporaryFolder();
    throw new Error(memoryServerFailure(error));
  } finally {
    console.warn = warn;
  }
  const uri = dataDir ? server.getUri("keyforge") : server.getUri();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await server.stop({ doCleanup: false });
      removeTemporaryFolder();
    })());
  try {
    return { uri, version: await serverVersion(uri), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Why mongodb-memory-server failed, in one line; for a failed download, the network error. */
function memoryServerFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // A DownloadError reads 'Download failed for url "…", Details:\n<the network error>'.
  const details = /Download failed[^]*?Details:\s*([^]*)/.exec(message)?.[1];
  const reason = (details ?? message).replace(/\s+/g, " ").trim().slice(0, 300);
  return details === undefined
    ? `mongodb-memory-server could not start MongoDB (${reason})`
    : `MongoDB's download was unavailable (${reason})`;
}

async function serverVersion(uri: string): Promise<string> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const info = await client.db("admin").command({ buildInfo: 1 });
    return typeof info.version === "string" ? info.version : "(unknown version)";
  } finally {
    await client.close();
  }
}
