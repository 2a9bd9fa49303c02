import path from "node:path";

/**
 * The benchmark's knobs, from the environment (bench/README.md lists them).
 * Every figure is bounded in time by these numbers.
 */
export interface BenchConfig {
  repoRoot: string;
  baselineDir: string;
  resultsDir: string;
  /** Seconds of load per measured round (BENCH_SECONDS). */
  seconds: number;
  /** A B rounds per figure; each side's figure is the median of its rounds (BENCH_ROUNDS). */
  rounds: number;
  /** Concurrent connections of the session-check load. */
  connections: number;
  /** Users seeded before the figures (BENCH_USERS). */
  users: number;
  /** Users in the database for the second half of the scale figures (BENCH_SCALE_USERS). */
  scaleUsers: number;
  /** Connections of each per-route load (issue 32: 10). */
  routeConnections: number;
  /** Seconds of load per route and round (BENCH_ROUTE_SECONDS). */
  routeSeconds: number;
  /** Rounds of the per-route figures (BENCH_ROUTE_ROUNDS); each starts with the baseline's pair. */
  routeRounds: number;
  /** Seconds of load per route at the scale size (BENCH_SCALE_ROUTE_SECONDS), one round. */
  scaleRouteSeconds: number;
  /** Connections of each load at the scale size (fewer: a scan there takes seconds). */
  scaleRouteConnections: number;
  /** BENCH_QUICK=1: every figure and code path, with the fewest seconds, rounds and users (a smoke run). */
  quick: boolean;
  /** bcrypt cost of the seeded hash, the app's BCRYPT_COST and so the baseline's compares. */
  bcryptCost: number;
  /** Sequential sign-ins for CPU per sign-in and sign-in latency (K). */
  signInSamples: number;
  /** Sequential requests for the protected route's latency. */
  latencySamples: number;
  /** Longest a latency series may take, in seconds; it stops early past it (a slow database at 100,000 users). */
  latencyBudgetSeconds: number;
  skipAppBuild: boolean;
  skipBaselineBuild: boolean;
  publish: boolean;
  /** The whole run is abandoned (and cleaned up) after this many minutes (BENCH_TIMEOUT_MINUTES). */
  timeoutMinutes: number;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  return env[name] === "1" || env[name] === "true";
}

/** Reads the knobs; `argv` may hold `--publish`, nothing else. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): BenchConfig {
  const unknown = argv.filter((arg) => arg !== "--publish");
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(" ")} (the only option is --publish)`);
  const repoRoot = path.resolve(__dirname, "../..");
  const quick = flag(env, "BENCH_QUICK");
  // Quick: defaults that still go through every figure, each knob still wins when set.
  const defaults = quick
    ? { seconds: 1, rounds: 1, users: 200, scaleUsers: 1_000, routeSeconds: 1, routeRounds: 1, scaleRouteSeconds: 1, samples: 5, budget: 3 }
    : { seconds: 5, rounds: 2, users: 1_000, scaleUsers: 10_000, routeSeconds: 4, routeRounds: 1, scaleRouteSeconds: 2, samples: 30, budget: 15 };
  const bcryptCost = positiveNumber(env, "BCRYPT_COST", 10);
  if (!Number.isInteger(bcryptCost) || bcryptCost < 10 || bcryptCost > 15) {
    throw new Error("BCRYPT_COST must be a whole number from 10 to 15 (the app's own bounds)");
  }
  return {
    repoRoot,
    baselineDir: path.join(repoRoot, "bench", "baseline"),
    resultsDir: path.join(repoRoot, "bench", "results"),
    seconds: positiveNumber(env, "BENCH_SECONDS", defaults.seconds),
    rounds: Math.round(positiveNumber(env, "BENCH_ROUNDS", defaults.rounds)),
    connections: 8,
    users: Math.round(positiveNumber(env, "BENCH_USERS", defaults.users)),
    scaleUsers: Math.round(positiveNumber(env, "BENCH_SCALE_USERS", defaults.scaleUsers)),
    routeConnections: 10,
    routeSeconds: positiveNumber(env, "BENCH_ROUTE_SECONDS", defaults.routeSeconds),
    routeRounds: Math.round(positiveNumber(env, "BENCH_ROUTE_ROUNDS", defaults.routeRounds)),
    scaleRouteSeconds: positiveNumber(env, "BENCH_SCALE_ROUTE_SECONDS", defaults.scaleRouteSeconds),
    scaleRouteConnections: 2,
    quick,
    bcryptCost,
    signInSamples: defaults.samples,
    latencySamples: quick ? 20 : 200,
    latencyBudgetSeconds: defaults.budget,
    skipAppBuild: flag(env, "BENCH_SKIP_APP_BUILD"),
    skipBaselineBuild: flag(env, "BENCH_SKIP_BASELINE_BUILD"),
    publish: argv.includes("--publish"),
    timeoutMinutes: positiveNumber(env, "BENCH_TIMEOUT_MINUTES", quick ? 15 : 40),
  };
}
