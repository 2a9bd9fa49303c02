import type { BenchResults, CommandFigure, RouteCost, RouteFigure, TargetResult } from "./results";
import { formatNumber, formatRatio, ratio } from "./stats";
import { STORM_CONNECTIONS } from "./throughput";

/**
 * The targets, each judged on this run's numbers: issue 32's first (every
 * signed-in route's cost, scale, sign-in), then the earlier ones (issue 15)
 * that still describe something the app controls.
 */

type Measured = Omit<BenchResults, "targets" | "durationSeconds">;
type Group = TargetResult["group"];

function atLeast(group: Group, label: string, value: number, goal: number, measured = formatRatio(value)): TargetResult {
  return { group, label, goal: `≥ ${goal}×`, measured, value, met: Number.isFinite(value) && value >= goal };
}

function atMost(group: Group, label: string, value: number, goal: number, goalText: string, measured: string): TargetResult {
  return { group, label, goal: goalText, measured, value, met: Number.isFinite(value) && value <= goal };
}

function commandsOf(results: Measured, key: CommandFigure["key"]): number {
  return results.commands.find((figure) => figure.key === key)?.total ?? Number.NaN;
}

/** The app's "one account GET" the Settings render is held to: its getServerSession + one `_id` read route. */
export const ONE_ACCOUNT_GET = "/api/user/preferences";

/** 100k ÷ 1k (or whatever the sizes were) of a route's app CPU and commands per request; NaN when not measured. */
export function scaleRatios(route: RouteFigure): { cpu: number; commands: number } {
  const commands = route.commands && route.scaled?.commands ? (route.commands.total === 0 && route.scaled.commands.total === 0 ? 1 : ratio(route.scaled.commands.total, route.commands.total)) : Number.NaN;
  // A load that got no answer measured nothing: not a ratio of 0.
  const answered = (cost: RouteCost | undefined) => (cost && cost.requests > 0 ? cost.appCpuMs : Number.NaN);
  return { cpu: ratio(answered(route.scaled?.cost), answered(route.scaled?.before)), commands };
}

/** Settings' render app CPU ÷ the app's one account GET. */
export function settingsRatio(results: Pick<BenchResults, "routes">, route: RouteFigure): number {
  const accountGet = results.routes.routes.find((figure) => figure.key === ONE_ACCOUNT_GET);
  return ratio(route.cost.appCpuMs, accountGet?.cost.appCpuMs ?? Number.NaN);
}

function issue32Targets(results: Measured): TargetResult[] {
  const { routes } = results.routes;
  const ms = (value: number) => `${formatNumber(value, 1)} ms`;
  const baselineMs = results.routes.baseline.api.appCpuMs;
  const targets: TargetResult[] = routes
    .filter((route) => route.kind === "account")
    .map((route) =>
      atMost("issue 32", `app CPU per request, GET ${route.label}, vs the baseline's one-\`_id\`-read route`, route.appCpuRatio, 1.3, "≤ 1.3×", `${formatRatio(route.appCpuRatio)} (${ms(route.cost.appCpuMs)} vs ${ms(baselineMs)})`),
    );
  for (const route of routes.filter((figure) => figure.kind === "settings")) {
    const value = settingsRatio(results, route);
    targets.push(atMost("issue 32", `app CPU per render, ${route.label}, vs one account GET (\`${ONE_ACCOUNT_GET}\`)`, value, 3, "≤ 3×", `${formatRatio(value)} (${ms(route.cost.appCpuMs)})`));
  }
  const sizes = `${formatNumber(results.routes.scaleUsers)} vs ${formatNumber(results.routes.users)} users`;
  for (const route of routes) {
    const { cpu, commands } = scaleRatios(route);
    const worst = Math.max(cpu, commands);
    targets.push(atMost("issue 32", `${sizes}: ${route.label}, app CPU and commands per request`, Number.isNaN(cpu) || Number.isNaN(commands) ? Number.NaN : worst, 1.1, "≤ 1.1×", `CPU ${formatRatio(cpu)}, commands ${formatRatio(commands)}`));
  }
  const signIns = ratio(results.storm.app.during["4"]?.signIns.rps ?? Number.NaN, results.storm.baseline.during["4"]?.signIns.rps ?? Number.NaN);
  targets.push(atLeast("issue 32", "sign-ins/s vs the baseline's (4-connection storm, same run)", signIns, 1.0));
  const kept = Math.min(...STORM_CONNECTIONS.map((n) => results.storm.app.during[String(n)]?.kept ?? Number.NaN));
  targets.push(atLeast("issue 32", `session checks kept during a sign-in storm (${STORM_CONNECTIONS.join(" and ")} connections, the lower)`, kept, 0.8));
  const unindexed = results.explain.filter((query) => query.indexFor === null);
  targets.push(
    atMost(
      "issue 32",
      "queries with no index on their leading fields (what MongoDB plans with)",
      unindexed.length,
      0,
      "0",
      unindexed.length === 0 ? `0 of ${results.explain.length}` : `${unindexed.length} of ${results.explain.length}: ${unindexed.map((query) => `${query.command} ${query.collection} ${query.filter}`).join("; ")}`,
    ),
  );
  return targets;
}

function earlierTargets(results: Measured): TargetResult[] {
  const ratioOf = (key: string) => results.throughput.find((figure) => figure.key === key)?.ratio ?? Number.NaN;
  const scale = Math.max(results.scale.signInRatio, results.scale.preferencesRatio);
  const signInCommands = commandsOf(results, "signInKnownBrowser");
  const intervalCommands = commandsOf(results, "sessionInInterval");
  return [
    atLeast("earlier", "GET /api/auth/session vs baseline", ratioOf("session"), 1.5),
    atLeast("earlier", "getServerSession route vs baseline", ratioOf("getServerSession"), 1.5),
    atLeast("earlier", "protected route with one indexed read vs baseline (req/s, 8 connections)", ratioOf("preferences"), 1.0),
    atMost(
      "earlier",
      `worst event-loop stall during ${results.eventLoop.burst} concurrent password checks`,
      results.eventLoop.workerPoolBurstMs,
      20,
      "≤ 20 ms",
      `${formatNumber(results.eventLoop.workerPoolBurstMs, 1)} ms`,
    ),
    atMost("earlier", "app CPU per sign-in vs one bcrypt compare", results.bcrypt.cpuRatio, 1.05, "≤ 1.05×", formatRatio(results.bcrypt.cpuRatio)),
    atMost("earlier", "database commands per successful sign-in (known browser)", signInCommands, 4, "≤ 4", formatNumber(signInCommands, 1)),
    atMost("earlier", "database commands per session check inside the interval", intervalCommands, 0, "0", formatNumber(intervalCommands, 1)),
    atMost(
      "earlier",
      `latency at ${formatNumber(results.scale.large.users)} vs ${formatNumber(results.scale.small.users)} users (sign-in and protected route, the higher)`,
      scale,
      1.1,
      "≤ 1.1×",
      formatRatio(scale),
    ),
  ];
}

export function evaluateTargets(results: Measured): TargetResult[] {
  return [...issue32Targets(results), ...earlierTargets(results)];
}
