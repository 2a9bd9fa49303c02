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
  /** Users in the database for the second half of the scale figure (BENCH_SCALE_USERS). */
  scaleUsers: number;
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
  const bcryptCost = positiveNumber(env, "BCRYPT_COST", 10);
  if (!Number.isInteger(bcryptCost) || bcryptCost < 10 || bcryptCost > 15) {
    throw new Error("BCRYPT_COST must be a whole number from 10 to 15 (the app's own bounds)");
  }
  return {
    repoRoot,
    baselineDir: path.join(repoRoot, "bench", "baseline"),
    resultsDir: path.join(repoRoot, "bench", "results"),
    seconds: positiveNumber(env, "BENCH_SECONDS", 5),
    rounds: Math.round(positiveNumber(env, "BENCH_ROUNDS", 3)),
    connections: 8,
    users: Math.round(positiveNumber(env, "BENCH_USERS", 1_000)),
    scaleUsers: Math.round(positiveNumber(env, "BENCH_SCALE_USERS", 100_000)),
    bcryptCost,
    signInSamples: 30,
    latencySamples: 200,
    latencyBudgetSeconds: 15,
    skipAppBuild: flag(env, "BENCH_SKIP_APP_BUILD"),
    skipBaselineBuild: flag(env, "BENCH_SKIP_BASELINE_BUILD"),
    publish: argv.includes("--publish"),
    timeoutMinutes: positiveNumber(env, "BENCH_TIMEOUT_MINUTES", 20),
  };
}
