import type { Db } from "mongodb";
import type { BenchConfig } from "./config";
import { comparesPerSecondAllCores, cpuMsPerCompare, cpuMsPerSignIn } from "./cpu";
import type { BcryptFigure, ScaleFigure, StormSide } from "./results";
import { measureLatencies } from "./scale";
import { seedUsers } from "./seed";
import type { Server, Side } from "./servers";
import { ratio } from "./stats";
import type { Sides } from "./throughput";

/** Figures (f) and (g), assembled from the measurements in cpu.ts and scale.ts. */

const RAW_BCRYPT_SECONDS = 3;
const COMPARES_FOR_CPU = 15;

/** (f): raw bcryptjs on all cores vs sign-ins/s in the 4-connection storm; CPU per sign-in vs one compare. */
export async function measureBcrypt(config: BenchConfig, sides: Sides, storm: Record<Side, StormSide>, hash: string): Promise<BcryptFigure> {
  const raw = await comparesPerSecondAllCores(hash, RAW_BCRYPT_SECONDS);
  const cpuMsPerCompareValue = cpuMsPerCompare(hash, COMPARES_FOR_CPU);
  const perSide = async (side: Side) => {
    const { server, stormUsers, csrfPairs } = sides[side];
    const [user, csrf] = [stormUsers[0], csrfPairs[0]];
    const pid = server.process.child.pid;
    if (!user || !csrf || pid === undefined) throw new Error(`${side}: nothing to sign in with`);
    const cpu = await cpuMsPerSignIn(server.baseUrl, pid, { csrf, email: user.email, cookies: user.cookies }, config.signInSamples);
    return {
      signInsPerSecond: storm[side].during["4"]?.signIns.rps ?? Number.NaN,
      cpuMsPerSignIn: cpu.cpuMs,
      mainThreadMsPerSignIn: cpu.mainThreadMs,
      databaseMsPerSignIn: cpu.databaseMs,
      samples: config.signInSamples,
    };
  };
  const app = await perSide("app");
  const baseline = await perSide("baseline");
  return {
    comparesPerSecondAllCores: raw.perSecond,
    threads: raw.threads,
    cpuMsPerCompare: cpuMsPerCompareValue,
    app,
    baseline,
    signInsVsCompares: ratio(app.signInsPerSecond, raw.perSecond),
    cpuRatio: ratio(app.cpuMsPerSignIn, cpuMsPerCompareValue),
  };
}

type ScaleHalf = ScaleFigure["small"];

/** (g), first half: the app's latencies with `config.users` users. */
export async function measureSmallScale(config: BenchConfig, app: Server, log: (line: string) => void): Promise<ScaleHalf> {
  const small = await measureLatencies(config, app, config.users);
  log(`  ${config.users} users: sign-in p50 ${small.signIn.p50.toFixed(1)} ms, preferences p50 ${small.preferences.p50.toFixed(1)} ms`);
  return { users: config.users, ...small };
}

/** (g), second half: bulk-inserts up to `config.scaleUsers` users and measures again. */
export async function measureLargeScale(config: BenchConfig, app: Server, db: Db, hash: string, small: ScaleHalf, log: (line: string) => void): Promise<ScaleFigure> {
  const seedMs = await seedUsers(db, config.users, config.scaleUsers, hash, { withHistory: true });
  log(`  inserted ${config.scaleUsers - config.users} users in ${(seedMs / 1000).toFixed(1)} s`);
  const large = await measureLatencies(config, app, config.scaleUsers);
  log(`  ${config.scaleUsers} users: sign-in p50 ${large.signIn.p50.toFixed(1)} ms, preferences p50 ${large.preferences.p50.toFixed(1)} ms`);
  return {
    small,
    large: { users: config.scaleUsers, ...large, seedMs },
    signInRatio: ratio(large.signIn.p50, small.signIn.p50),
    preferencesRatio: ratio(large.preferences.p50, small.preferences.p50),
  };
}
