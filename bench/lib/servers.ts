import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort } from "../../scripts/lib/free-port";
import { lastLines } from "../../scripts/lib/output-tail";
import type { BenchConfig } from "./config";
import { runToEnd, startGroup, type GroupProcess } from "./processes";

/** The two servers under test, both `next start` production builds on 127.0.0.1. */

const STARTUP_TIMEOUT_MS = 60_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;

export type Side = "app" | "baseline";

export interface Server {
  side: Side;
  baseUrl: string;
  /** The `next start` process (it serves in this one process, which holds the database connection). */
  process: GroupProcess;
  stop(): Promise<void>;
}

function nextBin(config: BenchConfig): string {
  return path.join(config.repoRoot, "node_modules", "next", "dist", "bin", "next");
}

/** Everything a child needs from this process's environment, without NODE_OPTIONS (tsx's loader is not theirs). */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/** `npm run build` of the app and `next build` of the baseline, as the knobs say. */
export async function buildServers(config: BenchConfig, log: (line: string) => void): Promise<void> {
  const env = { ...inheritedEnv(), NEXT_TELEMETRY_DISABLED: "1" };
  if (config.skipAppBuild) {
    if (!existsSync(path.join(config.repoRoot, ".next", "BUILD_ID"))) throw new Error("BENCH_SKIP_APP_BUILD=1 but there is no app build (.next/BUILD_ID)");
    log("app: using the existing build (BENCH_SKIP_APP_BUILD=1)");
  } else {
    log("app: npm run build …");
    await runToEnd("npm run build", "npm", ["run", "build"], { cwd: config.repoRoot, env }, BUILD_TIMEOUT_MS);
  }
  const baselineBuilt = existsSync(path.join(config.baselineDir, ".next", "BUILD_ID"));
  if (baselineBuilt && config.skipBaselineBuild) {
    log("baseline: using the existing build (BENCH_SKIP_BASELINE_BUILD=1)");
  } else {
    log("baseline: next build …");
    await runToEnd("baseline next build", process.execPath, [nextBin(config), "build"], { cwd: config.baselineDir, env }, BUILD_TIMEOUT_MS);
  }
}

export interface AppEnvOptions {
  databaseUri: string;
  emailServer: string;
  /** The Together stub's base URL (__tests__/helpers/together-stub.ts): keys are checked and code generated against it. */
  togetherBaseUrl: string;
  bcryptCost: number;
  /** Extra variables (SESSION_REVALIDATE_SECONDS, NODE_OPTIONS for the command monitor). */
  extra?: Record<string, string>;
}

/**
 * One secret and one vault key for every app instance of the run: the
 * monitored app (commands.ts) reads the keys the first one stored.
 */
const APP_SECRETS = {
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
};

/**
 * Starts the app as the e2e helpers do (app-server.ts), with sign-in limits the
 * storm cannot reach, and the admin console open without a second factor (the
 * bench measures the console's render, not the gate in front of it).
 */
export function startApp(config: BenchConfig, options: AppEnvOptions): Promise<Server> {
  return startServer(config, "app", config.repoRoot, "/api/health", (baseUrl) => ({
    MONGODB_URI: options.databaseUri,
    NEXTAUTH_URL: baseUrl,
    ...APP_SECRETS,
    EMAIL_SERVER: options.emailServer,
    TOGETHER_API_BASE_URL: options.togetherBaseUrl,
    REQUIRE_ADMIN_TWO_FACTOR: "false",
    // A query that scans a grown collection on FerretDB is measured, not cut off at the app's 3-s default (and answered 503).
    DB_REQUEST_TIMEOUT_MS: "60000",
    EMAIL_FROM: "KeyForge bench <no-reply@bench.example.com>",
    BCRYPT_COST: String(options.bcryptCost),
    SIGNIN_MAX_PER_IP_PER_MINUTE: "100000",
    SIGNIN_MAX_FAILURES_PER_EMAIL: "100000",
    ...options.extra,
  }));
}

/** Starts the plain next-auth app in bench/baseline against the same database. */
export function startBaseline(config: BenchConfig, databaseUri: string): Promise<Server> {
  return startServer(config, "baseline", config.baselineDir, "/api/auth/providers", (baseUrl) => ({
    MONGODB_URI: databaseUri,
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  }));
}

async function startServer(
  config: BenchConfig,
  side: Side,
  cwd: string,
  healthPath: string,
  envFor: (baseUrl: string) => Record<string, string>,
): Promise<Server> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...inheritedEnv(), ...envFor(baseUrl), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  const args = [nextBin(config), "start", "-H", "127.0.0.1", "-p", String(port)];
  const server = startGroup(`${side} next start`, process.execPath, args, { cwd, env });
  try {
    await waitUntilHealthy(`${baseUrl}${healthPath}`, server);
  } catch (error) {
    await server.stop();
    throw new Error(`${side} did not start: ${error instanceof Error ? error.message : String(error)}\n${lastLines(server.output(), 40)}`);
  }
  return { side, baseUrl, process: server, stop: () => server.stop() };
}

export async function waitUntilHealthy(url: string, server: GroupProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exited = false;
  void server.exited.then(() => (exited = true));
  let last = "no answer";
  while (Date.now() < deadline) {
    if (exited) throw new Error("next start exited");
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${STARTUP_TIMEOUT_MS / 1000} s (last: ${last})`);
}
