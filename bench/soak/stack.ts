import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { MongoClient } from "mongodb";
import { startSmtpServer, type TestSmtpServer } from "../../__tests__/helpers/smtp";
import { startTogetherStub, type TogetherStub } from "../../__tests__/helpers/together-stub";
import { findFreePort } from "../../scripts/lib/free-port";
import { runToEnd, startGroup, stopAllProcesses, type GroupProcess } from "../lib/processes";
import { waitUntilHealthy } from "../lib/servers";

/**
 * Everything the soak runs, on 127.0.0.1 and free ports: its own FerretDB (a
 * temporary folder, stopped, paused and restarted on the same port), the tests'
 * SMTP server and Together stub, and two app instances started as `npm start`
 * starts them, on one database with one set of secrets (as behind a load
 * balancer). Every process is a group from bench/lib/processes.ts, stopped by
 * its id on success, failure and Ctrl-C.
 */

const repoRoot = path.join(__dirname, "..", "..");
/** SHUTDOWN_TIMEOUT_SECONDS (5) and room to close the database: longer, and a SIGTERM'd instance is stuck. */
const EXIT_WAIT_MS = 15_000;

/** Set once the soak is stopping: nothing starts again after that (a fault still running must not restart a process). */
let closing = false;

function refuseWhenClosing(name: string): void {
  if (closing) throw new Error(`not starting ${name}: the soak is stopping`);
}

/** Sends a signal to one process (negative: its group); one already gone is fine. */
function sendSignal(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}

export interface Database {
  uri: string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** A new process on the same port and folder; resolves once it answers a ping. */
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  /** The last stop for good, with its folder. */
  dispose(): Promise<void>;
}

async function startDatabase(): Promise<Database> {
  const binary = (await runToEnd("tools/ferretdb/build.sh", "bash", [path.join(repoRoot, "tools/ferretdb/build.sh")], { cwd: repoRoot }, 10 * 60_000)).trim().split("\n").at(-1) ?? "";
  const dir = mkdtempSync(path.join(tmpdir(), "keyforge-soak-db-"));
  const port = await findFreePort();
  const uri = `mongodb://127.0.0.1:${port}/keyforge_soak`;
  let current: GroupProcess | undefined;
  const args = [
    "--handler=sqlite",
    `--sqlite-url=file:${dir}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    "--telemetry=disable",
    "--debug-addr=-",
    "--log-level=warn",
  ];
  const signal = (name: NodeJS.Signals) => sendSignal(current?.child.pid, name);
  const database: Database = {
    uri,
    async start() {
      refuseWhenClosing("FerretDB");
      current = startGroup("FerretDB", binary, args, { cwd: dir });
      await waitForPing(uri, current);
    },
    async stop() {
      signal("SIGTERM");
      await current?.exited;
    },
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    async dispose() {
      signal("SIGCONT");
      await current?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await database.start();
  return database;
}

async function waitForPing(uri: string, server: GroupProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`FerretDB exited:\n${server.output()}`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db("admin").command({ ping: 1 });
      return;
    } catch {
      await sleep(100);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error("FerretDB did not answer a ping within 30 s");
}

/** The soak's settings: short retries and leases so the faults resolve within the run, limits wide enough that load is not drowned in 429s. */
function soakEnv(database: Database, smtp: TestSmtpServer, stub: TogetherStub, publicUrl: string): Record<string, string> {
  return {
    MONGODB_URI: database.uri,
    NEXTAUTH_URL: publicUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    EMAIL_SERVER: smtp.url,
    EMAIL_FROM: "KeyForge soak <no-reply@soak.example.com>",
    TOGETHER_API_BASE_URL: stub.baseUrl,
    BCRYPT_COST: "10",
    // 62 s of retries in all: longer than the long run's 30 s SMTP refusal, so a mail queued when it began is not given up on.
    MAIL_RETRY_DELAYS_SECONDS: "2,4,8,16,16,16",
    MAIL_LEASE_SECONDS: "15",
    OUTBOX_POLL_SECONDS: "1",
    DB_REQUEST_TIMEOUT_MS: "1000",
    SHUTDOWN_TIMEOUT_SECONDS: "5",
    SIGNIN_MAX_PER_IP_PER_MINUTE: "600",
    SIGNIN_MAX_FAILURES_PER_EMAIL: "50",
    // Every sign-up comes from 127.0.0.1: a few hundred an hour, so the long run stays under it and some 429s elsewhere stay possible.
    SIGNUP_MAX_PER_IP_PER_HOUR: "1000",
    EMAIL_MAX_PER_ADDRESS_PER_HOUR: "20",
    EMAIL_MAX_PER_IP_PER_HOUR: "5000",
    GENERATE_MAX_PER_MINUTE: "120",
    GENERATE_MAX_PER_DAY: "1000",
  };
}

export interface Instance {
  name: string;
  baseUrl: string;
  process: GroupProcess;
  /** What its processes printed, the ones before a restart included. */
  output(): string;
  /**
   * Starts it again on the same port once the previous process has exited (stopped by force after
   * EXIT_WAIT_MS); resolves with how it had ended: its exit code, or "stuck".
   */
  restart(): Promise<number | "stuck">;
}

/** `npm start` (scripts/start.ts) with `-p`, in its own process group; resolves once /api/health answers 200. */
async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  delete childEnv.NODE_OPTIONS;
  const earlier: string[] = [];
  const launch = async () => {
    refuseWhenClosing(name);
    const started = startGroup(name, process.execPath, ["--import", "tsx", "scripts/start.ts", "-p", String(port), "-H", "127.0.0.1"], { cwd: repoRoot, env: childEnv });
    await waitUntilHealthy(`${baseUrl}/api/health`, started);
    return started;
  };
  const instance: Instance = {
    name,
    baseUrl,
    process: await launch(),
    output: () => [...earlier, instance.process.output()].join(`\n--- ${name} restarted ---\n`),
    async restart() {
      const ended = await Promise.race([instance.process.exited, sleep(EXIT_WAIT_MS, "stuck" as const)]);
      await instance.process.stop();
      earlier.push(instance.process.output());
      instance.process = await launch();
      return ended;
    },
  };
  return instance;
}

/** Signals an instance's main process (what an orchestrator signals). */
export function signalInstance(instance: Instance, signal: NodeJS.Signals): void {
  const pid = instance.process.child.pid;
  sendSignal(pid === undefined ? undefined : -pid, signal);
}

export interface Stack {
  database: Database;
  smtp: TestSmtpServer;
  stub: TogetherStub;
  instances: Instance[];
  env: Record<string, string>;
}

export async function startStack(log: (line: string) => void): Promise<Stack> {
  log("FerretDB …");
  const database = await startDatabase();
  const smtp = await startSmtpServer("accept");
  const stub = await startTogetherStub();
  const publicPort = await findFreePort();
  // One public address for both, as behind a load balancer (links in mails use it).
  const env = soakEnv(database, smtp, stub, `http://127.0.0.1:${publicPort}`);
  log("two app instances (npm start) …");
  const instances = await Promise.all([startInstance("instance A", env), startInstance("instance B", env)]);
  return { database, smtp, stub, instances, env };
}

/** Stops everything startStack started: the process groups, the servers in this process, the database's folder. */
export async function stopStack(stack: Partial<Stack>): Promise<void> {
  closing = true;
  // A paused database would only go at SIGKILL, 10 s later.
  stack.database?.resume();
  await stopAllProcesses();
  await stack.smtp?.stop().catch(() => undefined);
  await stack.stub?.close().catch(() => undefined);
  await stack.database?.dispose().catch(() => undefined);
}
