import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { MongoClient } from "mongodb";
import { findFreePort } from "./free-port";
import { lastLines } from "./output-tail";

/**
 * FerretDB (a MongoDB-wire database) run on its SQLite backend on 127.0.0.1:
 * the local database when MongoDB cannot be downloaded.
 */

const readyTimeoutMs = 30_000;
const stopTimeoutMs = 5_000;
/** Lines of the server's log shown when it fails to start. */
const outputTailLines = 30;

/** A FerretDB server this process started. */
interface FerretDBServer {
  port: number;
  /** Its process (a test pauses it with SIGSTOP to play a hung database). */
  pid: number | undefined;
  /** Stops it (SIGTERM, then SIGKILL after a bounded wait) and waits for its exit. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts FerretDB on its SQLite backend with its data (and its log,
 * ferretdb.log) in `dataDir`, on a free port of 127.0.0.1, and resolves once it
 * answers a ping. If not stopped before, it is killed when this process exits.
 * With `removeDataDir`, stopping it also deletes `dataDir`.
 */
export async function startFerretDB(binary: string, dataDir: string, removeDataDir: boolean): Promise<FerretDBServer> {
  mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort();
  const logFile = path.join(dataDir, "ferretdb.log");
  // A file rather than a pipe: nothing has to keep reading it, and it stays for a look afterwards.
  const log = openSync(logFile, "w");
  const args = [
    "--handler=sqlite",
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    "--telemetry=disable",
    "--debug-addr=-",
    "--log-level=warn",
  ];
  const child = spawn(binary, args, { stdio: ["ignore", log, log] });
  closeSync(log);
  let spawnError: Error | undefined;
  child.on("error", (error) => (spawnError = error));
  // The server must not outlive this process: on a normal exit (or process.exit,
  // or an uncaught error) this hook ends it at once; the guard covers the rest.
  const killAtExit = () => {
    child.kill("SIGKILL");
    if (removeDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.on("exit", killAtExit);
  if (child.pid !== undefined) guardAgainstOrphan(child.pid, removeDataDir ? dataDir : "");
  // A server someone forgot to stop must not keep this process alive; the exit hook ends it.
  child.unref();

  let stopping: Promise<void> | undefined;
  const server: FerretDBServer = {
    port,
    pid: child.pid,
    stop() {
      stopping ??= (async () => {
        process.off("exit", killAtExit);
        await stopChild(child);
        if (removeDataDir) rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };

  try {
    await waitForPing(`mongodb://127.0.0.1:${port}/`, child, () => spawnError);
  } catch (error) {
    const output = readTail(logFile);
    await server.stop();
    throw new Error(`FerretDB did not start: ${error instanceof Error ? error.message : String(error)}\n${output || "(no output)"}`);
  }
  return server;
}

/**
 * A small watcher that stops the server (and removes `dataDir`, if given) once
 * this process is gone, however it went: killed by a signal, or inside jest,
 * whose test files get a copy of `process` that never emits "exit". It ends by
 * itself when the server does.
 */
function guardAgainstOrphan(serverPid: number, dataDir: string): void {
  const script = [
    'parent=$1 server=$2 dir=$3',
    'while kill -0 "$parent" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done',
    'if kill -0 "$server" 2>/dev/null; then kill "$server"; sleep 2; kill -9 "$server" 2>/dev/null; fi',
    'if [ -n "$dir" ]; then rm -rf "$dir"; fi',
  ].join("\n");
  const args = ["-c", script, "keyforge-ferretdb-guard", String(process.pid), String(serverPid), dataDir];
  spawn("/bin/sh", args, { detached: true, stdio: "ignore" }).unref();
}

/** Polls with a MongoDB ping until the server answers, exits, or `readyTimeoutMs` runs out. */
async function waitForPing(uri: string, child: ChildProcess, spawnError: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    const error = spawnError();
    if (error) throw error;
    if (hasExited(child)) throw new Error(`it exited (code ${child.exitCode}, signal ${child.signalCode})`);
    if (await answersPing(uri)) return;
    await sleep(100);
  }
  throw new Error(`it did not answer a ping within ${readyTimeoutMs / 1000} s`);
}

async function answersPing(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.db("admin").command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

/** SIGTERM, then SIGKILL if it has not exited after `stopTimeoutMs`; resolves once it has exited. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || hasExited(child)) return;
  // Waiting for the exit must keep this process alive.
  child.ref();
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  // Unref'd: once the child is gone, a pending timer must not hold the process for the rest of the wait.
  const timedOut = await Promise.race([exited.then(() => false), sleep(stopTimeoutMs, true, { ref: false })]);
  if (timedOut) {
    child.kill("SIGKILL");
    await exited;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function readTail(file: string): string {
  try {
    return lastLines(readFileSync(file, "utf8"), outputTailLines);
  } catch {
    return "";
  }
}
