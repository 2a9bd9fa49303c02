import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { lastLines } from "../../scripts/lib/output-tail";

/**
 * Every process the benchmark starts runs as the leader of its own process
 * group (detached), is registered here, and is stopped by its group id
 * (SIGTERM, then SIGKILL): on success, on failure and on Ctrl-C alike.
 */

const STOP_TIMEOUT_MS = 10_000;
/** Characters of a process's output kept for error messages. */
const OUTPUT_LIMIT = 200_000;

export interface GroupProcess {
  name: string;
  child: ChildProcess;
  /** The process's stdout and stderr so far (the last OUTPUT_LIMIT characters). */
  output(): string;
  /** Resolves with the exit code (or 1 after a signal) once it has exited. */
  exited: Promise<number>;
  stop(): Promise<void>;
}

const running = new Set<GroupProcess>();

/** Starts `command args` as a process group leader, collecting its output. */
export function startGroup(name: string, command: string, args: string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    if (text.length > OUTPUT_LIMIT) text = text.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number>((resolve) => {
    child.once("error", (error) => {
      append(Buffer.from(`[bench] could not start ${name}: ${error.message}\n`));
      resolve(1);
    });
    child.once("exit", (code) => resolve(code ?? 1));
  });
  const handle: GroupProcess = {
    name,
    child,
    output: () => text,
    exited,
    async stop() {
      running.delete(handle);
      await stopGroup(child, exited);
    },
  };
  running.add(handle);
  return handle;
}

/** Runs a command to its end within `timeoutMs`; throws with the tail of its output if it fails. */
export async function runToEnd(name: string, command: string, args: string[], options: SpawnOptions, timeoutMs: number): Promise<string> {
  const job = startGroup(name, command, args, options);
  const timedOut = sleep(timeoutMs, "timeout" as const, { ref: false });
  const outcome = await Promise.race([job.exited, timedOut]);
  await job.stop();
  if (outcome === "timeout") throw new Error(`${name} did not finish within ${timeoutMs / 1000} s:\n${lastLines(job.output(), 40)}`);
  if (outcome !== 0) throw new Error(`${name} failed (exit ${outcome}):\n${lastLines(job.output(), 40)}`);
  return job.output();
}

/** Stops every process still running (failure and Ctrl-C paths). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((job) => job.stop().catch(() => undefined)));
}

async function stopGroup(child: ChildProcess, exited: Promise<number>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, "SIGTERM");
    const outcome = await Promise.race([exited, sleep(STOP_TIMEOUT_MS, "timeout" as const, { ref: false })]);
    if (outcome === "timeout") signalGroup(child, "SIGKILL");
    await exited;
  }
  // Whatever the leader left behind in its group (build workers) goes too.
  signalGroup(child, "SIGKILL");
}

/** Signals the child's whole process group (negative pid); a group already gone is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}
