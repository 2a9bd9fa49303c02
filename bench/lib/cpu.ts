import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import bcrypt from "bcryptjs";
import { postSignIn, type CsrfPair } from "./http";
import { BENCH_PASSWORD } from "./seed";

/**
 * CPU figures (f): raw bcryptjs on every core, the CPU of one compare, and the
 * CPU a server's process tree spends per sign-in, read from /proc.
 */

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's (or thread's) parent and its user + system CPU in ms, from its `stat` file; null once it is gone. */
function readStatFile(path: string): { parent: number; cpuMs: number } | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  // After the command name (in parentheses, which may hold spaces): state, ppid, … utime (12th), stime (13th).
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { parent: Number(fields[1]), cpuMs: (ticks * 1000) / clockTicks };
}

const readStat = (pid: number) => readStatFile(`/proc/${pid}/stat`);

/** CPU ms used so far by `rootPid` and every process below it (threads are counted with their process). */
function processTreeCpuMs(rootPid: number): number {
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    parents.set(Number(entry), stat.parent);
    cpu.set(Number(entry), stat.cpuMs);
  }
  const inTree = (pid: number): boolean => {
    for (let current: number | undefined = pid; current !== undefined && current > 1; current = parents.get(current)) {
      if (current === rootPid) return true;
    }
    return false;
  };
  let total = 0;
  for (const [pid, ms] of cpu) if (inTree(pid)) total += ms;
  return total;
}

/** Compares per second with one worker thread per core, each comparing for `seconds`. */
export async function comparesPerSecondAllCores(hash: string, seconds: number): Promise<{ perSecond: number; threads: number }> {
  const threads = availableParallelism();
  const workerFile = path.join(__dirname, "bcrypt-worker.cjs");
  const runs = Array.from({ length: threads }, () => {
    const worker = new Worker(workerFile, { workerData: { password: BENCH_PASSWORD, hash, seconds } });
    return new Promise<number>((resolve, reject) => {
      worker.once("message", (message: { compares: number; ms: number }) => resolve((message.compares * 1000) / message.ms));
      worker.once("error", reject);
    }).finally(() => worker.terminate());
  });
  const rates = await Promise.all(runs);
  return { perSecond: rates.reduce((sum, rate) => sum + rate, 0), threads };
}

/** CPU ms of one compare, measured in this thread over `count` compares. */
export function cpuMsPerCompare(hash: string, count: number): number {
  const before = process.cpuUsage();
  for (let done = 0; done < count; done++) bcrypt.compareSync(BENCH_PASSWORD, hash);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

/** Background writes a sign-in leaves (audit events) get this long to finish before CPU is read again. */
const SETTLE_MS = 500;

/**
 * CPU ms the server's process tree spends per sign-in, its main thread (the
 * event loop) alone, and the database server's, over `count` sequential
 * sign-ins of one user from one browser (its csrf pair and cookies).
 */
export async function cpuMsPerSignIn(
  baseUrl: string,
  serverPid: number,
  browser: { csrf: CsrfPair; email: string; cookies: string },
  count: number,
): Promise<{ cpuMs: number; mainThreadMs: number; databaseMs: number }> {
  await sleep(SETTLE_MS);
  const before = cpuCensus(serverPid);
  for (let done = 0; done < count; done++) {
    const response = await postSignIn(baseUrl, browser.csrf, browser.email, BENCH_PASSWORD, browser.cookies);
    const body = await response.text();
    if (response.status !== 200 || body.includes("error=")) throw new Error(`a sign-in at ${baseUrl} failed: ${response.status} ${body.slice(0, 200)}`);
  }
  await sleep(SETTLE_MS);
  const after = cpuCensus(serverPid);
  const mainThreadMs = (after.serverMainMs - before.serverMainMs) / count;
  const databaseMs = (after.databaseMs - before.databaseMs) / count;
  return { cpuMs: mainThreadMs + (after.serverOtherMs - before.serverOtherMs) / count, mainThreadMs, databaseMs };
}

/** CPU used so far, by who used it, in ms (all cores added up). */
export interface CpuCensus {
  /** Every core's time, busy or idle. */
  capacityMs: number;
  busyMs: number;
  /** The server's main thread: its event loop. */
  serverMainMs: number;
  /** The server's other threads (bcrypt workers, libuv, GC) and child processes. */
  serverOtherMs: number;
  /** The database server, when it runs on this machine (FerretDB). */
  databaseMs: number;
}

/** Busy and total time of all cores, from the first line of /proc/stat. */
function machineCpuMs(): { capacityMs: number; busyMs: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { capacityMs: (total * 1000) / clockTicks, busyMs: ((total - idle) * 1000) / clockTicks };
}

/** The port of the database the run uses: only the local server on it is counted (other FerretDBs may run beside it). */
let databasePort: string | undefined;

/** Counts, from now on, the database server listening on `uri`'s port (FerretDB or mongod on this machine). */
export function watchDatabase(uri: string): void {
  databasePort = /^mongodb:\/\/[^/]*:(\d+)/.exec(uri)?.[1];
}

/** CPU ms of the local FerretDB or mongod serving the run's port (any FerretDB when the port is unknown). */
function databaseCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    const program = (args[0] ?? "").toLowerCase();
    if (!program.includes("ferretdb") && !program.includes("mongod")) continue;
    // FerretDB: --listen-addr=127.0.0.1:<port>; mongod: --port <port>.
    if (databasePort && !args.some((arg, index) => arg.endsWith(`:${databasePort}`) || (args[index - 1] === "--port" && arg === databasePort))) continue;
    total += readStat(Number(entry))?.cpuMs ?? 0;
  }
  return total;
}

/** Who has used the machine's CPU so far; two censuses subtract into shares (cpuShares). */
export function cpuCensus(serverPid: number): CpuCensus {
  // The main thread's task has the process's id.
  const mainThread = readStatFile(`/proc/${serverPid}/task/${serverPid}/stat`)?.cpuMs ?? readStat(serverPid)?.cpuMs ?? 0;
  return {
    ...machineCpuMs(),
    serverMainMs: mainThread,
    serverOtherMs: processTreeCpuMs(serverPid) - mainThread,
    databaseMs: databaseCpuMs(),
  };
}

/** Shares of the machine's capacity between two censuses, in % (the rest: load generators and everything else). */
export function cpuShares(before: CpuCensus, after: CpuCensus): Record<"serverMain" | "serverOther" | "database" | "rest" | "idle", number> {
  const capacity = after.capacityMs - before.capacityMs || Number.NaN;
  const share = (ms: number) => (100 * ms) / capacity;
  const busy = after.busyMs - before.busyMs;
  const serverMain = after.serverMainMs - before.serverMainMs;
  const serverOther = after.serverOtherMs - before.serverOtherMs;
  const database = after.databaseMs - before.databaseMs;
  return {
    serverMain: share(serverMain),
    serverOther: share(serverOther),
    database: share(database),
    rest: share(Math.max(0, busy - serverMain - serverOther - database)),
    idle: share(capacity - busy),
  };
}
