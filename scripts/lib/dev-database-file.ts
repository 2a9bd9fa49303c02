import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * How a running `npm run dev` tells `npm run seed` and `npm run rotate-keys`
 * which database it started, so they use that one instead of starting a
 * second server on the same data folder.
 */

/** What `npm run dev` publishes about the database it started. */
interface PublishedDatabase {
  /** The `npm run dev` process; a file whose process is gone is stale. */
  pid: number;
  uri: string;
  /** The line `npm run dev` printed about it. */
  summary: string;
}

function publishedFile(root: string): string {
  return path.join(root, ".data", "dev-database.json");
}

/** Publishes this process's database; returns the function that withdraws it. */
export function publishDevDatabase(root: string, database: { uri: string; summary: string }): () => void {
  const file = publishedFile(root);
  mkdirSync(path.dirname(file), { recursive: true });
  const published: PublishedDatabase = { pid: process.pid, uri: database.uri, summary: database.summary };
  writeFileSync(file, `${JSON.stringify(published)}\n`);
  return () => rmSync(file, { force: true });
}

/** The database a still-running `npm run dev` published, if there is one. */
export function runningDevDatabase(root: string): PublishedDatabase | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(publishedFile(root), "utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { pid, uri, summary } = parsed as Partial<Record<keyof PublishedDatabase, unknown>>; // checked field by field below
  if (typeof pid !== "number" || typeof uri !== "string" || typeof summary !== "string") return undefined;
  return isRunning(pid) ? { pid, uri, summary } : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}
