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
  /** The database server's CPU per sign-in (FerretDB or mongod on this machine; 0 for a remote one). */
  databaseMsPerSignIn: number;
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

/** One route's load: 2xx req/s, latency, and CPU ms per answered request. */
export interface RouteCost {
  rps: number;
  p50: number;
  p99: number;
  /** The app's process tree (main thread, workers, GC). */
  appCpuMs: number;
  /** The database server's process. */
  dbCpuMs: number;
  /** Answered requests the CPU was divided by (all rounds). */
  requests: number;
  non2xx: number;
}

export interface RouteFigure {
  key: string;
  label: string;
  kind: "account" | "api" | "settings" | "page";
  cost: RouteCost;
  /** App CPU per request ÷ the baseline counterpart's (its API route for API routes, its page for pages). */
  appCpuRatio: number;
  /** Database commands per request at the first size (the command monitor), by "name collection". */
  commands?: RouteCommands;
  /**
   * At the scale size: the same requests, one shorter round with fewer
   * connections (`cost`), and the same load at the first size (`before`):
   * CPU per request falls as more requests share each turn of the event loop,
   * so the two sizes are compared under one load.
   */
  scaled?: { cost: RouteCost; before: RouteCost; commands?: RouteCommands };
}

export interface RouteCommands {
  /** NaN when the route did not answer 200 (`error` says what it answered). */
  total: number;
  error?: string;
  /** "find users" → per request. */
  byCommand: Record<string, number>;
}

export interface RoutesFigure {
  routes: RouteFigure[];
  /** The baseline's getServerSession + one `_id` read: API route and page. */
  baseline: { api: RouteCost; page: RouteCost };
  users: number;
  scaleUsers: number;
  /** Audit events and devices per seeded user, and how long the bulk insert took. */
  seeded: { eventsPerUser: number; devicesPerUser: number; seedMs: number };
  /** Documents per collection when each size was measured. */
  collections: { small: Record<string, number>; large: Record<string, number> };
}

export interface TargetResult {
  /** Issue 32's targets, then the older ones still judged. */
  group: "issue 32" | "earlier";
  label: string;
  goal: string;
  measured: string;
  value: number;
  met: boolean;
}

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; database: string; bcryptCost: number };
  settings: {
    seconds: number;
    rounds: number;
    connections: number;
    users: number;
    scaleUsers: number;
    routeSeconds: number;
    routeRounds: number;
    routeConnections: number;
    scaleRouteSeconds: number;
    scaleRouteConnections: number;
    quick: boolean;
  };
  throughput: ThroughputFigure[];
  storm: { app: StormSide; baseline: StormSide };
  bcrypt: BcryptFigure;
  eventLoop: EventLoopFigure;
  scale: ScaleFigure;
  commands: CommandFigure[];
  /** Housekeeping commands (heartbeats) seen while counting, reported apart. */
  housekeeping: CommandCounts;
  explain: ExplainedQuery[];
  routes: RoutesFigure;
  targets: TargetResult[];
  durationSeconds: number;
}
