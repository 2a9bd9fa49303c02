import type { cpuShares } from "./cpu";
import type { LoadSummary } from "./load-client";
import type { CommandCounts } from "./commands";
import type { ExplainedQuery } from "./explain";

/** Everything one run measured: what latest.json holds and latest.md / latest.svg show. */

export interface ThroughputFigure {
  key: "session" | "anonymous" | "getServerSession" | "preferences";
  label: string;
  route: string;
  app: LoadSummary;
  baseline: LoadSummary;
  /** app req/s ÷ baseline req/s. */
  ratio: number;
}

export interface StormSide {
  alone: LoadSummary;
  /** By storm connections (2, 4): session checks during the storm, and the storm's sign-ins. */
  during: Record<string, { sessions: LoadSummary; signIns: LoadSummary; kept: number }>;
  /** Where the machine's CPU went in the last round (% of all cores): session checks alone, and during each storm. */
  cpu: { alone: CpuShares | null; during: Record<string, CpuShares> };
}

export type CpuShares = ReturnType<typeof cpuShares>;

interface SignInCpu {
  signInsPerSecond: number;
  cpuMsPerSignIn: number;
  /** Of which the server's main thread (the event loop); the rest is mostly the bcrypt compare. */
  mainThreadMsPerSignIn: number;
  samples: number;
}

export interface BcryptFigure {
  comparesPerSecondAllCores: number;
  threads: number;
  cpuMsPerCompare: number;
  app: SignInCpu;
  baseline: SignInCpu;
  /** App sign-ins/s ÷ compares/s on all cores. */
  signInsVsCompares: number;
  /** App CPU per sign-in ÷ CPU of one compare. */
  cpuRatio: number;
}

/** Figure i: the worst event-loop stall in one process while passwords are checked. */
export interface EventLoopFigure {
  /** One bcryptjs compareSync on the main thread. */
  mainThreadCompareMs: number;
  /** `burst` concurrent verifyPassword calls (the app's worker pool). */
  workerPoolBurstMs: number;
  burst: number;
}

export interface LatencySeries {
  p50: number;
  samples: number;
}

export interface ScaleFigure {
  small: { users: number; signIn: LatencySeries; preferences: LatencySeries };
  large: { users: number; signIn: LatencySeries; preferences: LatencySeries; seedMs: number };
  signInRatio: number;
  preferencesRatio: number;
}

export interface CommandFigure {
  key: "sessionInInterval" | "sessionRevalidating" | "signInKnownBrowser" | "signInNewBrowser" | "preferences" | "vaultRead";
  label: string;
  requests: number;
  /** Commands per request, by name (averaged over `requests`). */
  perRequest: CommandCounts;
  total: number;
  /** Distinct commands as "name collection", in the order first seen. */
  distinct: string[];
}

export interface TargetResult {
  label: string;
  goal: string;
  measured: string;
  value: number;
  met: boolean;
}

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; database: string; bcryptCost: number };
  settings: { seconds: number; rounds: number; connections: number; users: number; scaleUsers: number };
  throughput: ThroughputFigure[];
  storm: { app: StormSide; baseline: StormSide };
  bcrypt: BcryptFigure;
  eventLoop: EventLoopFigure;
  scale: ScaleFigure;
  commands: CommandFigure[];
  /** Housekeeping commands (heartbeats) seen while counting, reported apart. */
  housekeeping: CommandCounts;
  explain: ExplainedQuery[];
  targets: TargetResult[];
  durationSeconds: number;
}
