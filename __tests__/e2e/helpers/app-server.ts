import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort } from "../../../scripts/lib/free-port";
import { lastLines } from "../../../scripts/lib/output-tail";
import { startSmtpServer, type TestSmtpServer } from "../../helpers/smtp";
import { withDatabaseName, withHost } from "../../helpers/test-db";
import { startAppBackend, type AppBackend } from "./app-backend";
import {
  describeError,
  hasExited,
  killProcessGroup,
  OutputBuffer,
  repoRoot,
  spawnNextStart,
  stopProcess,
  waitUntilHealthy,
} from "./next-process";

/**
 * The app as users get it: the production build served by `next start` on
 * 127.0.0.1, with a database of its own, for browser tests to drive; or
 * several instances of it sharing that database and its secrets.
 */

/** Lines of server output shown in an error; the whole output stays available through `output()`. */
const outputTailLines = 200;

/** A running production server of this app. */
export interface AppServer {
  /** `http://127.0.0.1:<port>` (or localhost, see `localhost`); also the server's NEXTAUTH_URL, so cookies and redirects match it. */
  baseUrl: string;
  /** The app's own randomly named database, dropped by the first instance's `stop()`. */
  databaseName: string;
  /**
   * Its connection string, straight to the database server (even when the app
   * goes through `databaseHost`), for a test that sets up or inspects data.
   */
  databaseUri: string;
  /** The SMTP server the app sends its mail to (production needs one), with every mail it received. */
  mail: TestSmtpServer;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /**
   * Stops the server (its whole process group) and waits for it to exit. The
   * first instance also stops the others started with `instanceOf` and drops
   * the database. Safe to call twice.
   */
  stop(): Promise<void>;
  /** Whether `next start` is still running (it has not exited, crashed or been stopped). */
  isRunning(): boolean;
  /** Sends `signal` to the server process itself (not its group), as an orchestrator stopping it would. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the server process exits, with its code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
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
  /**
   * Names the app `http://localhost:<port>` (its NEXTAUTH_URL and baseUrl)
   * instead of 127.0.0.1, for passkeys: an IP address is no valid WebAuthn
   * rpID. The server still listens on 127.0.0.1 only.
   */
  localhost?: boolean;
  /**
   * Starts another instance of that server's app, as a second server behind a
   * load balancer: the same database, NEXTAUTH_SECRET and ENCRYPTION_KEYS; its
   * own port, NEXTAUTH_URL and mail server. Its `stop()` leaves the database alone.
   */
  instanceOf?: AppServer;
  /**
   * The host:port the app reaches the database server through, given that
   * server's URI: e.g. a TcpProxy's in front of it, so a test can cut the
   * connection while the app runs.
   */
  databaseHost?: (serverUri: string) => Promise<string>;
  /** Serves through scripts/start.ts (what `npm start` runs: the draining server) instead of `next start`. */
  startScript?: boolean;
}

/** Servers started by this test file, so a failing test can show what they printed. */
const runningServers = new Set<AppServer>();
/** Servers a test sent a signal to: their exit is the test's doing, not a crash. */
const signalledServers = new WeakSet<AppServer>();

/** An app's database and secrets, and the instances started later with `instanceOf` (stopped before it is released). */
interface SharedBackend {
  backend: AppBackend;
  otherInstances: Set<AppServer>;
}

const backendOfServer = new WeakMap<AppServer, SharedBackend>();

/**
 * Starts `next start` on a free port against a fresh database (or, with
 * `instanceOf`, another instance's) and resolves once `GET /api/health`
 * answers 200. Needs a production build (`npm run build`). The database server
 * is MONGODB_TEST_URI, or a local database started here (see helpers/test-db).
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  assertProductionBuild();
  const ownsBackend = options.instanceOf === undefined;
  const shared: SharedBackend = options.instanceOf
    ? sharedBackendOf(options.instanceOf)
    : { backend: await startAppBackend(), otherInstances: new Set() };
  const { backend } = shared;
  let databaseUri: string;
  let mail: TestSmtpServer;
  try {
    databaseUri = await appDatabaseUri(backend, options.databaseHost);
    mail = await startSmtpServer();
  } catch (error) {
    if (ownsBackend) await backend.release();
    throw error;
  }
  const port = options.port ?? (await findFreePort());
  const baseUrl = `http://${options.localhost ? "localhost" : "127.0.0.1"}:${port}`;
  const output = new OutputBuffer();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    MONGODB_URI: databaseUri,
    NEXTAUTH_URL: baseUrl,
    ...backend.secrets,
    SESSION_REVALIDATE_SECONDS: "1",
    // On by default in production: the seeded admins sign in with a password alone. A test of the rule turns it on.
    REQUIRE_ADMIN_TWO_FACTOR: "false",
    EMAIL_SERVER: mail.url,
    EMAIL_FROM: "KeyForge <no-reply@keyforge.test>",
    // Never the real Together AI (saving a key checks it): port 9 on loopback refuses. A test with a stub passes its URL.
    TOGETHER_API_BASE_URL: "http://127.0.0.1:9/v1",
    ...options.env,
  };
  const eventLoopReportFile = path.join(tmpdir(), `${backend.databaseName}-${port}-event-loop.json`);
  if (options.monitorEventLoop) {
    const monitor = path.join(__dirname, "event-loop-monitor.cjs");
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require "${monitor}"`.trim();
    env.EVENT_LOOP_REPORT_FILE = eventLoopReportFile;
  }
  const child = spawnNextStart(String(port), env, output, options.startScript);
  const server = serverHandle({ baseUrl, child, output, shared, ownsBackend, mail, eventLoopReportFile });
  try {
    // Asked by address: "localhost" may resolve to ::1 first, where nothing listens.
    await waitUntilHealthy(`http://127.0.0.1:${port}`, child);
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

/** The database and secrets of a server this module started. */
function sharedBackendOf(server: AppServer): SharedBackend {
  const shared = backendOfServer.get(server);
  if (!shared) throw new Error("instanceOf: pass a server that startAppServer started");
  return shared;
}

/** The app's MONGODB_URI: its database, on the database server or through `databaseHost`. */
async function appDatabaseUri(backend: AppBackend, databaseHost: AppServerOptions["databaseHost"]): Promise<string> {
  const serverUri = databaseHost ? withHost(backend.serverUri, await databaseHost(backend.serverUri)) : backend.serverUri;
  return withDatabaseName(serverUri, backend.databaseName);
}

/** Fails with the fix in the message, instead of a cryptic error from `next start`. */
function assertProductionBuild(): void {
  if (!existsSync(path.join(repoRoot, ".next", "BUILD_ID"))) {
    throw new Error("No production build (.next/BUILD_ID is missing): run `npm run build` before `npm run test:e2e`.");
  }
}



interface ServerParts {
  baseUrl: string;
  child: ChildProcess;
  output: OutputBuffer;
  shared: SharedBackend;
  /** The first instance: it releases the database, after stopping the others. */
  ownsBackend: boolean;
  mail: TestSmtpServer;
  eventLoopReportFile: string;
}

/** The `AppServer` for a spawned server, registered so a failing test shows its output. */
function serverHandle({ baseUrl, child, output, shared, ownsBackend, mail, eventLoopReportFile }: ServerParts): AppServer {
  let stopping: Promise<void> | undefined;
  const killOnExit = () => killProcessGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const { backend, otherInstances } = shared;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (hasExited(child)) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });

  const server: AppServer = {
    baseUrl,
    databaseName: backend.databaseName,
    databaseUri: withDatabaseName(backend.serverUri, backend.databaseName),
    mail,
    output: () => output.toString(),
    eventLoopDelay: () => requestEventLoopReport(child, eventLoopReportFile),
    isRunning: () => !hasExited(child),
    signal(signal) {
      signalledServers.add(server);
      if (child.pid !== undefined) process.kill(child.pid, signal);
    },
    exited,
    stop() {
      stopping ??= (async () => {
        runningServers.delete(server);
        otherInstances.delete(server);
        process.off("exit", killOnExit);
        // The database outlives every instance that uses it.
        if (ownsBackend) await Promise.all([...otherInstances].map((instance) => instance.stop()));
        await stopProcess(child);
        await mail.stop();
        rmSync(eventLoopReportFile, { force: true });
        if (ownsBackend) await backend.release();
      })();
      return stopping;
    },
  };
  runningServers.add(server);
  backendOfServer.set(server, shared);
  if (!ownsBackend) otherInstances.add(server);
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
    if (!runningServers.has(server) || signalledServers.has(server)) return; // stop() or signal(): an expected exit.
    console.error(`next start at ${server.baseUrl} exited (code ${code}, signal ${signal}):\n${output.tail(outputTailLines)}`);
  });
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
