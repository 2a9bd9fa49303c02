import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BSON, type Document } from "mongodb";
import type { BenchConfig } from "./config";
import { browse, fetchCsrfPair, postSignIn, signIn, type SignedInBrowser } from "./http";
import type { CommandFigure } from "./results";
import { BENCH_PASSWORD } from "./seed";
import { startApp, type AppEnvOptions, type Server } from "./servers";

/**
 * Figure (h): database commands per request, on an app started with the
 * command monitor (bench/command-monitor.cjs) and a 2-second revalidation
 * interval. Each kind of request runs a few times; the counts are per request.
 */

export type CommandCounts = Record<string, number>;

export interface CapturedCommand {
  commandName: string;
  databaseName: string;
  command: Document;
  /** The request that sent it (a route, or a figure's label), set by the bench after reading the report. */
  source?: string;
}

export interface CommandReport {
  counts: CommandCounts;
  housekeeping: CommandCounts;
  commands: CapturedCommand[];
}

const REVALIDATE_SECONDS = 2;
const REPEATS = 3;
/** Background writes of a request (audit events, notices) get this long before the counts are read. */
export const SETTLE_MS = 400;

/** The app with the command monitor preloaded, and a way to read (and restart) its counts. */
export interface MonitoredApp {
  server: Server;
  report(): Promise<CommandReport>;
}

export async function startMonitoredApp(config: BenchConfig, options: AppEnvOptions): Promise<MonitoredApp> {
  const reportFile = path.join(tmpdir(), `keyforge-bench-commands-${process.pid}.json`);
  const monitor = path.join(config.repoRoot, "bench", "command-monitor.cjs");
  // The channel's name from the module that publishes on it (it reads no configuration when imported).
  const { DB_COMMAND_CHANNEL } = await import("@/lib/core/db");
  const server = await startApp(config, {
    ...options,
    extra: {
      NODE_OPTIONS: `--require ${monitor}`,
      DB_COMMAND_CHANNEL,
      DB_COMMAND_REPORT_FILE: reportFile,
      SESSION_REVALIDATE_SECONDS: String(REVALIDATE_SECONDS),
    },
  });
  const report = async (): Promise<CommandReport> => {
    const pid = server.process.child.pid;
    if (pid === undefined) throw new Error("the monitored app is not running");
    rmSync(reportFile, { force: true });
    // `next start` serves from the process it was started as (Next 16), which holds the connection.
    process.kill(pid, "SIGUSR2");
    for (let waited = 0; waited < 5_000; waited += 20) {
      await sleep(20);
      if (!existsSync(reportFile)) continue;
      try {
        const parsed: unknown = BSON.EJSON.parse(readFileSync(reportFile, "utf8"));
        if (isReport(parsed)) return parsed;
      } catch {
        // caught mid-write: read again
      }
    }
    throw new Error("the command monitor wrote no report (is bench/command-monitor.cjs preloaded?)");
  };
  return { server, report };
}

function isReport(value: unknown): value is CommandReport {
  return typeof value === "object" && value !== null && "counts" in value && "commands" in value && Array.isArray(value.commands);
}

/** "find users"; a getMore names its collection, not its cursor. */
export function commandLabel({ commandName, command }: CapturedCommand): string {
  return `${commandName} ${String(commandName === "getMore" ? command.collection : command[commandName])}`;
}

function figure(key: CommandFigure["key"], label: string, requests: number, report: CommandReport): CommandFigure {
  const perRequest = Object.fromEntries(Object.entries(report.counts).map(([name, count]) => [name, count / requests]));
  const distinct = [...new Set(report.commands.map(commandLabel))];
  return { key, label, requests, perRequest, total: Object.values(perRequest).reduce((sum, count) => sum + count, 0), distinct };
}

/** Runs `requests` then reads the counts they caused, after their background writes settled. */
async function counted(app: MonitoredApp, requests: () => Promise<void>): Promise<CommandReport> {
  await sleep(SETTLE_MS);
  await app.report();
  await requests();
  await sleep(SETTLE_MS);
  return app.report();
}

async function repeat(times: number, action: () => Promise<unknown>): Promise<void> {
  for (let done = 0; done < times; done++) await action();
}

/** Fails loudly when a request that should succeed did not: its counts would describe an error path. */
async function expectOk(url: string, browser: SignedInBrowser): Promise<void> {
  const status = await browse(url, browser.jar);
  if (status !== 200) throw new Error(`${url} answered ${status} while counting commands`);
}

export async function measureCommands(app: MonitoredApp, email: string): Promise<{ figures: CommandFigure[]; captured: CapturedCommand[]; housekeeping: CommandCounts }> {
  const base = app.server.baseUrl;
  const browser = await signIn(base, email, BENCH_PASSWORD);
  for (const route of ["/api/auth/session", "/api/user/preferences", "/api/user/api-keys"]) await expectOk(`${base}${route}`, browser);
  const csrf = await fetchCsrfPair(base);
  const knownSignIn = async () => {
    const response = await postSignIn(base, csrf, email, BENCH_PASSWORD, browser.rememberedCookies);
    if (response.status !== 200 || (await response.text()).includes("error=")) throw new Error("a sign-in failed while counting commands");
  };

  const reports: [CommandFigure["key"], string, number, CommandReport][] = [];
  const newBrowser = await counted(app, () => repeat(REPEATS, () => signIn(base, email, BENCH_PASSWORD)));
  reports.push(["signInNewBrowser", "sign-in, new browser (sends a notice)", REPEATS, newBrowser]);
  reports.push(["signInKnownBrowser", "sign-in, known browser", REPEATS, await counted(app, () => repeat(REPEATS, knownSignIn))]);

  // A fresh sign-in starts the interval; the checks right after it fall inside.
  const fresh = await signIn(base, email, BENCH_PASSWORD);
  const inInterval = await counted(app, () => repeat(10, () => expectOk(`${base}/api/auth/session`, fresh)));
  reports.push(["sessionInInterval", `session check inside the ${REVALIDATE_SECONDS} s interval`, 10, inInterval]);
  const revalidating = await counted(app, () =>
    repeat(REPEATS, async () => {
      await sleep(REVALIDATE_SECONDS * 1000 + 200);
      await expectOk(`${base}/api/auth/session`, fresh);
    }),
  );
  reports.push(["sessionRevalidating", "session check at revalidation", REPEATS, revalidating]);
  for (const [key, label, route] of [
    ["preferences", "protected route (preferences)", "/api/user/preferences"],
    ["vaultRead", "vault read (GET /api/user/api-keys)", "/api/user/api-keys"],
  ] as const) {
    // Revalidate first (and keep the new cookie), so the reads below fall inside the interval.
    await sleep(REVALIDATE_SECONDS * 1000 + 200);
    await expectOk(`${base}/api/auth/session`, fresh);
    reports.push([key, label, REPEATS, await counted(app, () => repeat(REPEATS, () => expectOk(`${base}${route}`, fresh)))]);
  }

  const housekeeping: CommandCounts = {};
  for (const [, , , report] of reports) {
    for (const [name, count] of Object.entries(report.housekeeping)) housekeeping[name] = (housekeeping[name] ?? 0) + count;
  }
  return {
    figures: reports.map(([key, label, requests, report]) => figure(key, label, requests, report)),
    captured: reports.flatMap(([, label, , report]) => report.commands.map((command) => ({ ...command, source: label }))),
    housekeeping,
  };
}
