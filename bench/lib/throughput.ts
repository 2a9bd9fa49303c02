import type { BenchConfig } from "./config";
import { fetchCsrfPair, signIn, type CsrfPair } from "./http";
import { runLoad, runLoadsTogether, summarize, type LoadSummary } from "./load-client";
import type { LoadParams, LoadResult } from "./load-types";
import { cpuCensus, cpuShares } from "./cpu";
import type { StormSide, ThroughputFigure } from "./results";
import { BENCH_PASSWORD, benchEmail } from "./seed";
import type { Server, Side } from "./servers";
import { formatNumber, formatRatio, ratio } from "./stats";

/**
 * Throughput figures, each side by side with the baseline, alternating
 * A B A B so a noisy moment hits both: the session routes (a–d) and session
 * checks during a sign-in storm (e).
 */

/** One app under test, with the user its session loads sign in as, and the users and csrf pairs its storms use. */
export interface SideUnderTest {
  server: Server;
  email: string;
  stormUsers: { email: string; cookies: string }[];
  csrfPairs: CsrfPair[];
}

export type Sides = Record<Side, SideUnderTest>;

const SIDES: Side[] = ["app", "baseline"];
const WARM_UP_SECONDS = 1;
export const STORM_CONNECTIONS = [2, 4];
/** Users a storm signs in, round-robin, spread over the seeded ones. */
const STORM_USERS = 16;

/**
 * Signs the storm's users in once (a returning browser brings the device
 * cookie that sign-in gave it) and gets a csrf pair per storm connection.
 */
export async function prepareSide(server: Server, users: number): Promise<SideUnderTest> {
  const stormUsers: SideUnderTest["stormUsers"] = [];
  for (let index = 0; index < STORM_USERS; index++) {
    const email = benchEmail(Math.floor(((index + 0.5) * users) / STORM_USERS));
    stormUsers.push({ email, cookies: (await signIn(server.baseUrl, email, BENCH_PASSWORD)).rememberedCookies });
  }
  const csrfPairs = await Promise.all(Array.from({ length: Math.max(...STORM_CONNECTIONS) }, () => fetchCsrfPair(server.baseUrl)));
  return { server, email: benchEmail(Math.floor(users / 2)), stormUsers, csrfPairs };
}

const FIGURES: { key: ThroughputFigure["key"]; label: string; route: string; signedIn: boolean }[] = [
  { key: "session", label: "GET /api/auth/session, signed in", route: "/api/auth/session", signedIn: true },
  { key: "anonymous", label: "GET /api/auth/session, anonymous", route: "/api/auth/session", signedIn: false },
  { key: "getServerSession", label: "getServerSession route, no DB", route: "/api/user/session", signedIn: true },
  { key: "preferences", label: "protected route, one indexed read", route: "/api/user/preferences", signedIn: true },
];

/**
 * A GET load; signed in, with a session cookie from a sign-in made just now.
 * The load sends one cookie throughout, never the refreshed ones the app sets,
 * so a cookie older than the app's revalidation interval would make every
 * request revalidate, which no browser does: each load gets a fresh one.
 */
async function getLoad(config: BenchConfig, side: SideUnderTest, route: string, signedIn: boolean, seconds = config.seconds): Promise<Omit<LoadParams, "startAt">> {
  const cookie = signedIn ? (await signIn(side.server.baseUrl, side.email, BENCH_PASSWORD)).sessionCookie : undefined;
  return { url: `${side.server.baseUrl}${route}`, connections: config.connections, seconds, ...(cookie ? { cookie } : {}) };
}

function stormLoad(config: BenchConfig, side: SideUnderTest, connections: number): Omit<LoadParams, "startAt"> {
  return {
    url: `${side.server.baseUrl}/api/auth/callback/credentials`,
    connections,
    seconds: config.seconds,
    storm: { pairs: side.csrfPairs.slice(0, connections), users: side.stormUsers, password: BENCH_PASSWORD },
  };
}

/** A load whose answers were not all 2xx measured something else than intended: say so at once. */
function checked(label: string, side: Side, result: LoadResult, log: (line: string) => void): LoadResult {
  if (result.non2xx > 0 || result.errors > 0) {
    log(`  warning: ${side} ${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result;
}

/** Figures (a)–(d). */
export async function measureThroughput(config: BenchConfig, sides: Sides, log: (line: string) => void): Promise<ThroughputFigure[]> {
  const figures: ThroughputFigure[] = [];
  for (const figure of FIGURES) {
    for (const side of SIDES) await runLoad(await getLoad(config, sides[side], figure.route, figure.signedIn, WARM_UP_SECONDS));
    const results: Record<Side, LoadResult[]> = { app: [], baseline: [] };
    for (let round = 0; round < config.rounds; round++) {
      for (const side of SIDES) {
        const result = await runLoad(await getLoad(config, sides[side], figure.route, figure.signedIn));
        results[side].push(checked(figure.label, side, result, log));
      }
    }
    const app = summarize(results.app);
    const baseline = summarize(results.baseline);
    figures.push({ key: figure.key, label: figure.label, route: figure.route, app, baseline, ratio: ratio(app.rps, baseline.rps) });
    log(`  ${figure.label}: app ${formatNumber(app.rps)} req/s, baseline ${formatNumber(baseline.rps)} req/s → ${formatRatio(ratio(app.rps, baseline.rps))}`);
  }
  return figures;
}

/** Figure (e): signed-in session checks alone, then during storms of 2 and 4 sign-in connections. */
export async function measureStorm(config: BenchConfig, sides: Sides, log: (line: string) => void): Promise<Record<Side, StormSide>> {
  const alone: Record<Side, LoadResult[]> = { app: [], baseline: [] };
  const during: Record<Side, Record<number, { sessions: LoadResult[]; signIns: LoadResult[] }>> = { app: {}, baseline: {} };
  const cpu: Partial<Record<Side, StormSide["cpu"]>> = {};
  for (let round = 0; round < config.rounds; round++) {
    for (const side of SIDES) {
      const pid = sides[side].server.process.child.pid ?? 0;
      const lastRound = round === config.rounds - 1;
      const sessionLoad = () => getLoad(config, sides[side], "/api/auth/session", true);
      const aloneLoad = await sessionLoad();
      const beforeAlone = cpuCensus(pid);
      alone[side].push(checked("session checks", side, await runLoad(aloneLoad), log));
      if (lastRound) cpu[side] = { alone: cpuShares(beforeAlone, cpuCensus(pid)), during: {} };
      for (const connections of STORM_CONNECTIONS) {
        const loads = [await sessionLoad(), stormLoad(config, sides[side], connections)] as const;
        const before = cpuCensus(pid);
        const [sessions, signIns] = await runLoadsTogether(...loads);
        const shares = cpu[side];
        if (lastRound && shares) shares.during[String(connections)] = cpuShares(before, cpuCensus(pid));
        const entry = (during[side][connections] ??= { sessions: [], signIns: [] });
        entry.sessions.push(checked("session checks during the storm", side, sessions, log));
        entry.signIns.push(checked(`storm of ${connections}`, side, signIns, log));
      }
    }
  }
  const summarizeSide = (side: Side): StormSide => {
    const aloneSummary = summarize(alone[side]);
    const bySize: StormSide["during"] = {};
    for (const connections of STORM_CONNECTIONS) {
      const entry = during[side][connections] ?? { sessions: [], signIns: [] };
      const sessions: LoadSummary = summarize(entry.sessions);
      bySize[String(connections)] = { sessions, signIns: summarize(entry.signIns), kept: ratio(sessions.rps, aloneSummary.rps) };
    }
    return { alone: aloneSummary, during: bySize, cpu: cpu[side] ?? { alone: null, during: {} } };
  };
  const result = { app: summarizeSide("app"), baseline: summarizeSide("baseline") };
  for (const side of SIDES) {
    const kept = STORM_CONNECTIONS.map((n) => `${n} conns ${formatRatio(result[side].during[String(n)]?.kept ?? Number.NaN)}`).join(", ");
    log(`  storm, ${side}: session checks kept ${kept}`);
  }
  return result;
}
