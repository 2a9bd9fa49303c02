import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { lastLines } from "../../../scripts/lib/output-tail";

/**
 * The `next start` process itself: spawned as the leader of its own process
 * group, watched until healthy, stopped with its children, its output kept.
 */

export const repoRoot = path.resolve(__dirname, "../../..");
const startupTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;
/** Characters of server output kept, so a chatty server cannot exhaust the test's memory. */
const outputLimit = 1_000_000;

/**
 * Runs the Next CLI directly (not `npm start`, which would add two processes to
 * kill) as the leader of its own process group, so `stop()` reaches every child.
 * With `startScript`, runs scripts/start.ts instead (what `npm start` runs, in
 * this one process): the server that drains on SIGTERM.
 */
export function spawnNextStart(port: string, env: NodeJS.ProcessEnv, output: OutputBuffer, startScript = false): ChildProcess {
  const nextBin = path.join(repoRoot, "node_modules", "next", "dist", "bin", "next");
  const entry = startScript ? ["--import", "tsx", path.join(repoRoot, "scripts", "start.ts")] : [nextBin, "start"];
  const child = spawn(process.execPath, [...entry, "-H", "127.0.0.1", "-p", port], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => output.append(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.append(chunk));
  child.on("error", (error) => output.append(`[app-server] could not run next start: ${error.message}\n`));
  // A server a test forgot to stop must not keep jest alive; the process exit hook kills it.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) if (stream instanceof net.Socket) stream.unref();
  return child;
}

/** Polls the health check until it answers 200, the server exits, or the startup time runs out. */
export async function waitUntilHealthy(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + startupTimeoutMs;
  let lastAnswer = "no answer";
  while (Date.now() < deadline) {
    if (hasExited(child)) {
      throw new Error(`next start exited (code ${child.exitCode}, signal ${child.signalCode}) before it became healthy`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      lastAnswer = `${response.status} ${await response.text()}`;
    } catch (error) {
      lastAnswer = describeError(error);
    }
    await sleep(250);
  }
  throw new Error(`${baseUrl}/api/health did not answer 200 within ${startupTimeoutMs / 1000} s (last: ${lastAnswer})`);
}

/** SIGTERM to the group, then SIGKILL if it has not exited after `stopTimeoutMs`. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killProcessGroup(child, "SIGTERM");
  // An unref'd timer: a pending one would keep jest alive for the whole timeout after a prompt exit.
  const deadline = sleep(stopTimeoutMs, true, { ref: false });
  const timedOut = await Promise.race([exited.then(() => false), deadline]);
  if (timedOut) {
    killProcessGroup(child, "SIGKILL");
    await exited;
  }
}

/** Signals the child's process group (negative PID); a group that is already gone is fine. */
export function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** fetch hides the real reason (ECONNREFUSED, a timeout) in `cause`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** The server's output, trimmed from the front once it passes `outputLimit`. */
export class OutputBuffer {
  private text = "";

  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > outputLimit) this.text = this.text.slice(-outputLimit);
  }

  tail(lines: number): string {
    return lastLines(this.text, lines);
  }

  toString(): string {
    return this.text;
  }
}
