import { setTimeout as sleep } from "node:timers/promises";
import { SETTLE_MS } from "./commands";
import type { BenchConfig } from "./config";
import { cpuCensus, type CpuCensus } from "./cpu";
import { signIn } from "./http";
import { runLoad } from "./load-client";
import type { RouteCost, RouteFigure } from "./results";
import { BENCH_ROUTES, routeEmail, type BenchRoute, type BenchUserData } from "./routes";
import { BENCH_PASSWORD } from "./seed";
import type { Server } from "./servers";
import { formatNumber, median, ratio } from "./stats";

/**
 * Per-route figures: each signed-in route and page under load at
 * `config.routeConnections`, with the CPU the app's process tree and the
 * database server spent per answered request, read from /proc around the
 * load (the load process runs apart; the idle second while it starts costs
 * the servers next to nothing), less the app's idle CPU over as long. Paired with the baseline's
 * "getServerSession + one `_id` read" route and page, measured in the same rounds.
 */

/** The baseline's counterparts (bench/baseline/pages): an API route and a page, each getServerSession + one `_id` read. */
export const BASELINE_ROUTES = { api: "/api/user/preferences", page: "/account" } as const;

/** The cookies each person's browser got at its first sign-in, by server and email: later sign-ins are a known browser's. */
const remembered = new Map<string, string>();

/**
 * One load of `path` with a session made just now (a fresh cookie falls inside
 * the revalidation interval throughout), from a browser the app knows, so no
 * new-sign-in notice is mailed during the load.
 */
async function measureLoad(server: Server, path: string, email: string, load: { connections: number; seconds: number }): Promise<RouteCost> {
  const cost = await loadOnce(server, path, email, load);
  if (cost.requests >= MIN_ANSWERS) return cost;
  // Slower than the load is long, a route answers next to nothing in it (autocannon drops what is in flight):
  // again, until MIN_ANSWERS requests have been answered.
  return loadOnce(server, path, email, { connections: Math.min(load.connections, MIN_ANSWERS), seconds: 180, amount: MIN_ANSWERS });
}

/** Fewer answers than this say little about CPU per request. */
const MIN_ANSWERS = 5;
/** CPU ms the app and the database may use in QUIET_MS and still count as idle. */
const QUIET_MS = 250;
const IDLE_CPU_MS = 25;

/**
 * Waits (up to a minute) until the app and the database are idle: a load's
 * requests still running when it ended (a slow scan) would otherwise be
 * counted in the next route's CPU.
 */
async function untilQuiet(pid: number): Promise<void> {
  const used = (census: CpuCensus) => census.serverMainMs + census.serverOtherMs + census.databaseMs;
  for (let waited = 0; waited < 60_000; waited += QUIET_MS) {
    const before = used(cpuCensus(pid));
    await sleep(QUIET_MS);
    if (used(cpuCensus(pid)) - before < IDLE_CPU_MS) return;
  }
}

/** How long the app's idle CPU is sampled before each load (CPU time comes in 10 ms ticks: a second gives a usable rate). */
const IDLE_SAMPLE_MS = 1_000;

/**
 * The app's CPU ms per wall-clock ms with no request running: its timers
 * (the outbox poll, the retention timer) and garbage collection. A load's
 * CPU less this rate times its length is what its requests cost; without it,
 * a slow route's few answers would each carry a share of the timers.
 */
async function idleAppCpuRate(pid: number): Promise<number> {
  const app = (census: CpuCensus) => census.serverMainMs + census.serverOtherMs;
  const before = app(cpuCensus(pid));
  const started = performance.now();
  await sleep(IDLE_SAMPLE_MS);
  return Math.max(0, app(cpuCensus(pid)) - before) / (performance.now() - started);
}

async function loadOnce(server: Server, path: string, email: string, load: { connections: number; seconds: number; amount?: number }): Promise<RouteCost> {
  const who = `${server.baseUrl} ${email}`;
  const browser = await signIn(server.baseUrl, email, BENCH_PASSWORD, remembered.get(who));
  remembered.set(who, browser.rememberedCookies);
  const { sessionCookie } = browser;
  const pid = server.process.child.pid;
  if (pid === undefined) throw new Error(`${server.side} is not running`);
  // The sign-in's own background writes (its audit event) and the last load's stragglers finish before the count starts.
  await sleep(SETTLE_MS);
  await untilQuiet(pid);
  const idleRate = await idleAppCpuRate(pid);
  const before = cpuCensus(pid);
  const started = performance.now();
  const result = await runLoad({ url: `${server.baseUrl}${path}`, cookie: sessionCookie, ...load });
  const after = cpuCensus(pid);
  const answered = result.ok + result.non2xx;
  const loadMs = after.serverMainMs + after.serverOtherMs - (before.serverMainMs + before.serverOtherMs);
  const appMs = Math.max(0, loadMs - idleRate * (performance.now() - started));
  return {
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    appCpuMs: ratio(appMs, answered),
    dbCpuMs: ratio(after.databaseMs - before.databaseMs, answered),
    requests: answered,
    non2xx: result.non2xx + result.errors,
  };
}

/** The median of each number over rounds. */
function medianCost(costs: RouteCost[]): RouteCost {
  const of = (pick: (cost: RouteCost) => number) => median(costs.map(pick));
  return {
    rps: of((cost) => cost.rps),
    p50: of((cost) => cost.p50),
    p99: of((cost) => cost.p99),
    appCpuMs: of((cost) => cost.appCpuMs),
    dbCpuMs: of((cost) => cost.dbCpuMs),
    requests: costs.reduce((sum, cost) => sum + cost.requests, 0),
    non2xx: costs.reduce((sum, cost) => sum + cost.non2xx, 0),
  };
}

interface RouteRun {
  routes: RouteFigure[];
  baseline: { api: RouteCost; page: RouteCost };
}

/**
 * Every route on the app, `rounds` times, each round starting with the
 * baseline's two counterparts (so a noisy minute hits both sides); each
 * figure is the median of its rounds.
 */
export async function measureRoutes(
  config: BenchConfig,
  sides: { app: Server; baseline: Server },
  data: BenchUserData,
  email: string,
  log: (line: string) => void,
): Promise<RouteRun> {
  const costs = new Map<string, RouteCost[]>();
  const baseline = { api: [] as RouteCost[], page: [] as RouteCost[] };
  for (let round = 0; round < config.routeRounds; round++) {
    const load = { connections: config.routeConnections, seconds: config.routeSeconds };
    baseline.api.push(await measureLoad(sides.baseline, BASELINE_ROUTES.api, email, load));
    baseline.page.push(await measureLoad(sides.baseline, BASELINE_ROUTES.page, email, load));
    for (const route of BENCH_ROUTES) {
      const cost = await measureLoad(sides.app, route.path(data), routeEmail(route, email), load);
      costs.set(route.key, [...(costs.get(route.key) ?? []), cost]);
    }
    log(`  round ${round + 1} of ${config.routeRounds} done`);
  }
  const reference = { api: medianCost(baseline.api), page: medianCost(baseline.page) };
  const routes = BENCH_ROUTES.map((route): RouteFigure => {
    const cost = medianCost(costs.get(route.key) ?? []);
    const pair = route.kind === "settings" || route.kind === "page" ? reference.page : reference.api;
    if (cost.non2xx > 0) log(`  warning: ${route.label}: ${cost.non2xx} answers that were not 2xx`);
    return { key: route.key, label: route.label, kind: route.kind, cost, appCpuRatio: ratio(cost.appCpuMs, pair.appCpuMs) };
  });
  for (const figure of routes) log(`  ${routeLine(figure.label, figure.cost)} (${formatNumber(figure.appCpuRatio, 2)}× baseline)`);
  log(`  baseline ${BASELINE_ROUTES.api}: ${routeLine("", reference.api)}; ${BASELINE_ROUTES.page}: ${routeLine("", reference.page)}`);
  return { routes, baseline: reference };
}

/**
 * The same requests under the scale figure's load, one round each, shorter
 * and with fewer connections: a scan of a grown collection takes seconds on
 * FerretDB, and ten of them at once would outlast the load's request timeout.
 * Run at both sizes: CPU per request falls as more requests share each turn
 * of the event loop, so only the same load makes the two comparable.
 */
export async function measureRoutesAgain(config: BenchConfig, app: Server, data: BenchUserData, email: string, log: (line: string) => void): Promise<Record<string, RouteCost>> {
  const costs: Record<string, RouteCost> = {};
  const load = { connections: config.scaleRouteConnections, seconds: config.scaleRouteSeconds };
  for (const route of BENCH_ROUTES as BenchRoute[]) {
    costs[route.key] = await measureLoad(app, route.path(data), routeEmail(route, email), load);
    log(`  ${routeLine(route.label, costs[route.key])}`);
  }
  return costs;
}

function routeLine(label: string, cost: RouteCost | undefined): string {
  if (!cost) return `${label}: –`;
  const n = (value: number, digits = 1) => formatNumber(value, digits);
  return `${label}${label ? ": " : ""}${n(cost.rps, 0)} req/s, p50 ${n(cost.p50, 0)} ms, app ${n(cost.appCpuMs)} ms/req, db ${n(cost.dbCpuMs)} ms/req`;
}
