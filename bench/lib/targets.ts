import type { BenchResults, CommandFigure, TargetResult } from "./results";
import { formatNumber, formatRatio } from "./stats";
import { STORM_CONNECTIONS } from "./throughput";

/** The issue's targets (issue 15, "Make the targets"), each judged on this run's numbers. */

type Measured = Omit<BenchResults, "targets" | "durationSeconds">;

function atLeast(label: string, value: number, goal: number, measured = formatRatio(value)): TargetResult {
  return { label, goal: `≥ ${goal}×`, measured, value, met: Number.isFinite(value) && value >= goal };
}

function atMost(label: string, value: number, goal: number, goalText: string, measured: string): TargetResult {
  return { label, goal: goalText, measured, value, met: Number.isFinite(value) && value <= goal };
}

function commandsOf(results: Measured, key: CommandFigure["key"]): number {
  return results.commands.find((figure) => figure.key === key)?.total ?? Number.NaN;
}

export function evaluateTargets(results: Measured): TargetResult[] {
  const ratioOf = (key: string) => results.throughput.find((figure) => figure.key === key)?.ratio ?? Number.NaN;
  const kept = Math.min(...STORM_CONNECTIONS.map((n) => results.storm.app.during[String(n)]?.kept ?? Number.NaN));
  const scale = Math.max(results.scale.signInRatio, results.scale.preferencesRatio);
  const scans = results.explain.filter((query) => query.use !== "index");
  const unindexed = results.explain.filter((query) => query.indexFor === null).length;
  const signInCommands = commandsOf(results, "signInKnownBrowser");
  const intervalCommands = commandsOf(results, "sessionInInterval");
  return [
    atLeast("GET /api/auth/session vs baseline", ratioOf("session"), 1.5),
    atLeast("getServerSession route vs baseline", ratioOf("getServerSession"), 1.5),
    atLeast("protected route with one indexed read vs baseline", ratioOf("preferences"), 1.0),
    atLeast(`session throughput kept during a sign-in storm (${STORM_CONNECTIONS.join(" and ")} connections, the lower)`, kept, 0.9),
    atMost(
      `worst event-loop stall during ${results.eventLoop.burst} concurrent password checks`,
      results.eventLoop.workerPoolBurstMs,
      20,
      "≤ 20 ms",
      `${formatNumber(results.eventLoop.workerPoolBurstMs, 1)} ms`,
    ),
    atMost("app CPU per sign-in vs one bcrypt compare", results.bcrypt.cpuRatio, 1.05, "≤ 1.05×", formatRatio(results.bcrypt.cpuRatio)),
    atMost("database commands per successful sign-in (known browser)", signInCommands, 4, "≤ 4", formatNumber(signInCommands, 1)),
    atMost("database commands per session check inside the interval", intervalCommands, 0, "0", formatNumber(intervalCommands, 1)),
    atMost(
      `latency at ${formatNumber(results.scale.large.users)} vs ${formatNumber(results.scale.small.users)} users (sign-in and protected route, the higher)`,
      scale,
      1.1,
      "≤ 1.1×",
      formatRatio(scale),
    ),
    atMost(
      "queries of the auth paths without an index",
      scans.length,
      0,
      "0",
      scans.length === 0
        ? "0"
        : `${scans.length} of ${results.explain.length} scanned by this server (${scans.map((query) => `${query.command} ${query.collection}`).join(", ")}); ` +
            `${results.explain.length - unindexed} of ${results.explain.length} have an index on their leading field`,
    ),
  ];
}
