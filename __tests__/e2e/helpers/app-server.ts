import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort } from "../../../scripts/lib/free-port";
import { lastLines } from "../../../scripts/lib/output-tail";
import { startSmtpServer, type TestSmtpServer } from "../../helpers/smtp";
import { dropDatabase, startTestMongoServer, withDatabaseName, type TestMongoServer } from "../../helpers/test-db";

/**
 * The app as users get it: the production build served by `next start` on
 * 127.0.0.1, with a database of its own, for browser tests to drive.
 */

const repoRoot = path.resolve(__dirname, "../../..");
const startupTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;
/** Lines of server output shown in an error; the whole output stays available through `output()`. */
const outputTailLines = 200;
/** Characters of server output kept, so a chatty server cannot exhaust the test's memory. */
const outputLimit = 1_000_000;

/** A running production server of this app. */
export interface AppServer {
  /** `http://127.0.0.1:<port>`; also the server's NEXTAUTH_URL, so cookies and redirects match it. */
  baseUrl: string;
  /** The server's own randomly named database, dropped by `stop()`. */
  databaseName: string;
  /** Its connection string (MONGODB_URI), for a test that sets up data the UI cannot create yet. */
  databaseUri: string;
  /** The SMTP server the app sends its mail to (production needs one), with every mail it received. */
  mail: TestSmtpServer;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Stops the server (its whole process group), waits for it to exit and drops its database. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * With `monitorEventLoop`: the server's worst and 99th-percentile event-loop
   * delay since the previous call (the first call starts the measurement).
   */
  eventLoopDelay(): Promise<EventLoopReport>;
}

export interface EventLoopReport {
  maxMs: number;
  p99Ms: number;
  samples: number;
  /** Garbage-collection pauses in the same time, in ms. */
  gcPausesMs: number[];
}

export interface AppServerOptions {
  /** Extra environment for the server, applied last so it can override the defaults (e.g. a rate limit). */
  env?: Record<string, string>;
  /** Preloads helpers/event-loop-monitor.cjs into the server, for `eventLoopDelay()`. */
  monitorEventLoop?: boolean;
  /** The port to listen on (default: a free one), for a peer that must know the app's URL first (an OAuth provider's redirect URI). */
  port?: number;
}

/** Servers started by this test file, so a failing test can show what they printed. */
const runningServers = new Set<AppServer>();

/**
 * Starts `next start` on a free port against a fresh database and resolves once
 * `GET /api/health` answers 200. Needs a production build (`npm run build`).
 * The database server is MONGODB_TEST_URI, or a local database started here (see helpers/test-db).
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  assertProductionBuild();
  const database = await startTestMongoServer();
  const mail = await startSmtpServer();
  const databaseName = `e2e_${randomBytes(6).toString("hex")}`;
  const baseUrl = `http://127.0.0.1:${options.port ?? (await findFreePort())}`;
  const output = new OutputBuffer();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    MONGODB_URI: withDatabaseName(database.uri, databaseName),
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    SESSION_REVALIDATE_SECONDS: "1",
    EMAIL_SERVER: mail.url,
    EMAIL_FROM: "KeyForge <no-reply@keyforge.test>",
    ...options.env,
  };
  const eventLoopReportFile = path.join(tmpdir(), `${databaseName}-event-loop.json`);
  if (options.monitorEventLoop) {
    const monitor = path.join(__dirname, "event-loop-monitor.cjs");
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require "${monitor}"`.trim();
    env.EVENT_LOOP_REPORT_FILE = eventLoopReportFile;
  }
  const child = spawnNextStart(new URL(baseUrl).port, env, output);
  const server = serverHandle({ baseUrl, databaseName, child, output, database, mail, eventLoopReportFile });
  try {
    await waitUntilHealthy(baseUrl, child);
    reportCrash(server, child, output);
  } catch (error) {
    // Keep the startup error as the one reported, even if cleaning up fails too.
    await server.stop().catch((stopError: unknown) => {
      output.append(`[app-server] stop: ${describeError(stopError)}\n`);
    });
    throw new Error(`${describeError(error)}\n\nServer output:\n${output.tail(outputTailLines) || "(none)"}`);
  }
  return server;
}

/** Fails with the fix in the message, instead of a cryptic error from `next start`. */
function assertProductionBuild(): void {
  if (!existsSync(path.join(repoRoot, ".next", "BUILD_ID"))) {
    throw new Error("No production build (.next/BUILD_ID is missing): run `npm run build` before `npm run test:e2e`.");
  }
}


/**
 * Runs the Next CLI directly (not `npm start`, which would add two processes to
 * kill) as the leader of its own process group, so `stop()` reaches every child.
 */
function spawnNextStart(port: string, env: NodeJS.ProcessEnv, output: OutputBuffer): ChildProcess {
  const nextBin = path.join(repoRoot, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", port], {
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
async function waitUntilHealthy(baseUrl: string, child: ChildProcess): Promise<void> {
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

interface ServerParts {
  baseUrl: string;
  databaseName: string;
  child: ChildProcess;
  output: OutputBuffer;
  database: TestMongoServer;
  mail: TestSmtpServer;
  eventLoopReportFile: string;
}

/** The `AppServer` for a spawned server, registered so a failing test shows its output. */
function serverHandle({ baseUrl, databaseName, child, output, database, mail, eventLoopReportFile }: ServerParts): AppServer {
  let stopping: Promise<void> | undefined;
  const killOnExit = () => killProcessGroup(child, "SIGKILL");
  process.once("exit", killOnExit);

  const server: AppServer = {
    baseUrl,
    databaseName,
    databaseUri: withDatabaseName(database.uri, databaseName),
    mail,
    output: () => output.toString(),
    eventLoopDelay: () => requestEventLoopReport(child, eventLoopReportFile),
    stop() {
      stopping ??= (async () => {
        runningServers.delete(server);
        process.off("exit", killOnExit);
        await stopProcess(child);
        await mail.stop();
        rmSync(eventLoopReportFile, { force: true });
        try {
          await dropDatabase(database.uri, databaseName);
        } finally {
          await database.stop();
        }
      })();
      return stopping;
    },
  };
  runningServers.add(server);
  return server;
}

/** Asks the server's event-loop monitor for its report (SIGUSR2) and waits for the file it writes. */
async function requestEventLoopReport(child: ChildProcess, file: string): Promise<EventLoopReport> {
  if (child.pid === undefined) throw new Error("the server is not running");
  rmSync(file, { force: true });
  process.kill(child.pid, "SIGUSR2");
  for (let waited = 0; waited < 5_000; waited += 20) {
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, "utf8")) as EventLoopReport;
      } catch {
        // caught mid-write: read again
      }
    }
    await sleep(20);
  }
  throw new Error("no event-loop report: start the server with { monitorEventLoop: true }");
}

/** A server that dies mid-test explains the failures that follow, so print why at once. */
function reportCrash(server: AppServer, child: ChildProcess, output: OutputBuffer): void {
  child.once("exit", (code, signal) => {
    if (!runningServers.has(server)) return; // stop() was called: an expected exit.
    console.error(`next start at ${server.baseUrl} exited (code ${code}, signal ${signal}):\n${output.tail(outputTailLines)}`);
  });
}

/** SIGTERM to the group, then SIGKILL if it has not exited after `stopTimeoutMs`. */
async function stopProcess(child: ChildProcess): Promise<void> {
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
function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}


/** fetch hides the real reason (ECONNREFUSED, a timeout) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** The server's output, trimmed from the front once it passes `outputLimit`. */
class OutputBuffer {
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

/**
 * Jest 30 exposes the running test through expect's state (`currentTestIdentity`);
 * its `errors` tell whether the test failed before the afterEach hooks run.
 */
function currentTestFailed(): boolean {
  const test = expect.getState().currentTestIdentity?.();
  return test !== undefined && "errors" in test && Array.isArray(test.errors) && test.errors.length > 0;
}

/** A failing browser test is usually explained by the server's log, so print it right there. */
function printServerOutputIfTestFailed(): void {
  if (runningServers.size === 0 || !currentTestFailed()) return;
  const testName = expect.getState().currentTestName ?? "a test";
  for (const server of runningServers) {
    const tail = lastLines(server.output(), outputTailLines);
    console.error(`"${testName}" failed; output of next start at ${server.baseUrl}:\n${tail || "(none)"}`);
  }
}

// Importing this module from a test file registers the hook at the file's top level.
if (typeof afterEach === "function") afterEach(printServerOutputIfTestFailed);
