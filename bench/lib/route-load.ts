import { setTimeout as sleep } from "node:timers/promises";
import { SETTLE_MS } from "./commands";
import type { BenchConfig } from "./config";
import { cpuCensus } from "./cpu";
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
 * the servers next to nothing). Paired with the baseline's
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
export async function measureLoad(config: BenchConfig, server: Server, path: string, email: string, seconds: number): Promise<RouteCost> {
  const who = `${server.baseUrl} ${email}`;
  const browser = await signIn(server.baseUrl, email, BENCH_PASSWORD, remembered.get(who));
  remembered.set(who, browser.rememberedCookies);
  const { sessionCookie } = browser;
  // The sign-in's own background writes (its audit event) finish before the CPU count starts.
  await sleep(SETTLE_MS);
  const pid = server.process.child.pid;
  if (pid === undefined) throw new Error(`${server.side} is not running`);
  const before = cpuCensus(pid);
  const result = await runLoad({ url: `${server.baseUrl}${path}`, connections: config.routeConnections, seconds, cookie: sessionCookie });
  const after = cpuCensus(pid);
  const answered = result.ok + result.non2xx;
  const appMs = after.serverMainMs + after.serverOtherMs - (before.serverMainMs + before.serverOtherMs);
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
export function medianCost(costs: RouteCost[]): RouteCost {
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

export interface RouteRun {
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
    baseline.api.push(await measureLoad(config, sides.baseline, BASELINE_ROUTES.api, email, config.routeSeconds));
    baseline.page.push(await measureLoad(config, sides.baseline, BASELINE_ROUTES.page, email, config.routeSeconds));
    for (const route of BENCH_ROUTES) {
      const cost = await measureLoad(config, sides.app, route.path(data), routeEmail(route, email), config.routeSeconds);
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

/** The same requests once more (after the bulk insert), one round each, shorter. */
export async function measureRoutesAgain(config: BenchConfig, app: Server, data: BenchUserData, email: string, log: (line: string) => void): Promise<Record<string, RouteCost>> {
  const costs: Record<string, RouteCost> = {};
  for (const route of BENCH_ROUTES as BenchRoute[]) {
    costs[route.key] = await measureLoad(config, app, route.path(data), routeEmail(route, email), config.scaleRouteSeconds);
    log(`  ${routeLine(route.label, costs[route.key])}`);
  }
  return costs;
}

export function routeLine(label: string, cost: RouteCost | undefined): string {
  if (!cost) return `${label}: –`;
  const n = (value: number, digits = 1) => formatNumber(value, digits);
  return `${label}${label ? ": " : ""}${n(cost.rps, 0)} req/s, p50 ${n(cost.p50, 0)} ms, app ${n(cost.appCpuMs)} ms/req, db ${n(cost.dbCpuMs)} ms/req`;
}
