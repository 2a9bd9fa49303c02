/**
 * `npm run bench`: KeyForge against a plain next-auth v4 app (bench/baseline),
 * side by side in one run; writes bench/results/latest.{json,md,svg} and
 * prints one summary line. See bench/README.md for the figures and knobs.
 * Every process it starts is stopped and its database dropped, also on
 * failure and Ctrl-C.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { startSmtpServer } from "../__tests__/helpers/smtp";
import { startTogetherStub, type TogetherStub } from "../__tests__/helpers/together-stub";
import { measureCommands, startMonitoredApp } from "./lib/commands";
import { watchDatabase } from "./lib/cpu";
import { readConfig, type BenchConfig } from "./lib/config";
import { openBenchDatabase, type BenchDatabase } from "./lib/database";
import { measurePasswordEventLoop } from "./lib/event-loop";
import { explainQueries } from "./lib/explain";
import { measureBcrypt, measureLargeScale, measureSmallScale } from "./lib/figures";
import { headlineMarkdown, resultsMarkdown } from "./lib/markdown";
import { stopAllProcesses } from "./lib/processes";
import { publish } from "./lib/publish";
import type { BenchResults, RoutesFigure } from "./lib/results";
import { queryShapeLines } from "./lib/route-markdown";
import { measureRouteCommands } from "./lib/route-commands";
import { measureRoutes, measureRoutesAgain } from "./lib/route-load";
import { prepareBenchUser } from "./lib/routes";
import { BENCH_PASSWORD, DEVICES_PER_USER, EVENTS_PER_USER, benchEmail, benchPasswordHash, collectionSizes, seedAdmin, seedUsers } from "./lib/seed";
import { buildServers, startApp, startBaseline } from "./lib/servers";
import { formatNumber, formatRatio } from "./lib/stats";
import { resultsSvg } from "./lib/svg";
import { evaluateTargets, scaleRatios, settingsRatio } from "./lib/targets";
import { measureStorm, measureThroughput, prepareSide } from "./lib/throughput";

const log = (line: string) => console.log(`bench: ${line}`);

/** What must be undone however the run ends, after every process has stopped. */
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllProcesses();
    const outcomes = await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
    for (const outcome of outcomes) if (outcome.status === "rejected") log(`cleanup: ${String(outcome.reason)}`);
  })();
  return cleaning;
}

/** Stops everything and exits; only the first reason counts (an interrupt makes the running step fail too). */
function abort(reason: string, code: number): void {
  if (cleaning) return;
  log(reason);
  void cleanUp().finally(() => process.exit(code));
}

async function measure(config: BenchConfig, database: BenchDatabase, emailServer: string, stub: TogetherStub): Promise<Omit<BenchResults, "targets" | "durationSeconds">> {
  const hash = benchPasswordHash(config.bcryptCost);
  const appOptions = { databaseUri: database.uri, emailServer, togetherBaseUrl: stub.baseUrl, bcryptCost: config.bcryptCost };
  const [app, baseline] = await Promise.all([startApp(config, appOptions), startBaseline(config, database.uri)]);
  const seedMs = await seedUsers(database.db, 0, config.users, hash, { withHistory: true });
  await seedAdmin(database.db, hash);
  const email = benchEmail(Math.floor(config.users / 2));
  const data = await prepareBenchUser(app, stub, email);
  log(`app at ${app.baseUrl}, baseline at ${baseline.baseUrl}; ${config.users} users seeded (${EVENTS_PER_USER} audit events and ${DEVICES_PER_USER} devices each) in ${formatNumber(seedMs / 1000, 1)} s`);
  const sides = { app: await prepareSide(app, config.users), baseline: await prepareSide(baseline, config.users) };

  log("throughput (a–d) …");
  const throughput = await measureThroughput(config, sides, log);
  log("session checks during sign-in storms (e) …");
  const storm = await measureStorm(config, sides, log);
  log("bcrypt and CPU per sign-in (f) …");
  const bcrypt = await measureBcrypt(config, sides, storm, hash);
  log(`  ${formatNumber(bcrypt.comparesPerSecondAllCores, 1)} compares/s on ${bcrypt.threads} threads; app CPU per sign-in ${formatRatio(bcrypt.cpuRatio)} one compare`);
  log(`every signed-in route and page, ${config.routeConnections} connections (j) …`);
  const routeRun = await measureRoutes(config, { app, baseline }, data, email, log);
  log("the same requests under the scale figure's load, first size (k) …");
  const unscaledCosts = await measureRoutesAgain(config, app, data, email, log);
  log("scale (g), first half …");
  const small = await measureSmallScale(config, app, log);
  await baseline.stop();
  const smallSizes = await collectionSizes(database.db);

  log("database commands per request (h), and per route (j) …");
  let monitored = await startMonitoredApp(config, appOptions);
  const commands = await measureCommands(monitored, email);
  for (const figure of commands.figures) log(`  ${figure.label}: ${formatNumber(figure.total, 1)}`);
  const routeCommands = await measureRouteCommands(monitored, data, email, config.quick ? 1 : 2, log);
  await monitored.server.stop();

  log("scale (g, k), second half …");
  const scale = await measureLargeScale(config, app, database.db, hash, small, log);
  const largeSizes = await collectionSizes(database.db);
  monitored = await startMonitoredApp(config, appOptions);
  const scaledCommands = await measureRouteCommands(monitored, data, email, 1, log);
  await monitored.server.stop();
  const scaledCosts = await measureRoutesAgain(config, app, data, email, log);
  await app.stop();
  const explain = await explainQueries(database.db, [...commands.captured, ...routeCommands.captured, ...scaledCommands.captured]);
  log("event-loop stall while passwords are checked (i), servers stopped …");
  const eventLoop = await measurePasswordEventLoop(BENCH_PASSWORD, hash);
  log(`  compareSync on the main thread ${formatNumber(eventLoop.mainThreadCompareMs, 1)} ms; ${eventLoop.burst} through the pool ${formatNumber(eventLoop.workerPoolBurstMs, 1)} ms`);

  const routes: RoutesFigure = {
    routes: routeRun.routes.map((figure) => {
      const cost = scaledCosts[figure.key];
      const before = unscaledCosts[figure.key];
      const scaledCommandsOf = scaledCommands.byRoute[figure.key];
      return { ...figure, commands: routeCommands.byRoute[figure.key], ...(cost && before ? { scaled: { cost, before, commands: scaledCommandsOf } } : {}) };
    }),
    baseline: routeRun.baseline,
    users: config.users,
    scaleUsers: config.scaleUsers,
    seeded: { eventsPerUser: EVENTS_PER_USER, devicesPerUser: DEVICES_PER_USER, seedMs: scale.large.seedMs },
    collections: { small: smallSizes, large: largeSizes },
  };
  for (const line of queryShapeLines(explain)) log(line);
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? "unknown CPU",
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      database: database.description,
      bcryptCost: config.bcryptCost,
    },
    settings: {
      seconds: config.seconds,
      rounds: config.rounds,
      connections: config.connections,
      users: config.users,
      scaleUsers: config.scaleUsers,
      routeSeconds: config.routeSeconds,
      routeRounds: config.routeRounds,
      routeConnections: config.routeConnections,
      scaleRouteSeconds: config.scaleRouteSeconds,
      scaleRouteConnections: config.scaleRouteConnections,
      quick: config.quick,
    },
    throughput,
    storm,
    bcrypt,
    eventLoop,
    scale,
    commands: commands.figures,
    housekeeping: commands.housekeeping,
    explain,
    routes,
  };
}

function summaryLine(results: BenchResults): string {
  const ratioOf = (key: string) => formatRatio(results.throughput.find((figure) => figure.key === key)?.ratio ?? Number.NaN);
  const kept = (side: "app" | "baseline") => formatRatio(results.storm[side].during["4"]?.kept ?? Number.NaN);
  const { routes } = results.routes;
  const worst = (values: number[]) => formatRatio(Math.max(...values.filter(Number.isFinite)));
  const signIns = (side: "app" | "baseline") => results.storm[side].during["4"]?.signIns.rps ?? Number.NaN;
  const met = (group: string) => `${results.targets.filter((target) => target.group === group && target.met).length}/${results.targets.filter((target) => target.group === group).length}`;
  return [
    `bench: account routes' app CPU ≤ ${worst(routes.filter((route) => route.kind === "account").map((route) => route.appCpuRatio))} baseline`,
    `Settings ≤ ${worst(routes.filter((route) => route.kind === "settings").map((route) => settingsRatio(results, route)))} one GET`,
    `${formatNumber(results.routes.scaleUsers / 1000)}k users ≤ ${worst(routes.flatMap((route) => Object.values(scaleRatios(route))))}`,
    `sign-ins ${formatRatio(signIns("app") / signIns("baseline"))} baseline`,
    `storm kept ${kept("app")} (baseline ${kept("baseline")})`,
    `session ${ratioOf("session")}`,
    `targets ${met("issue 32")} (earlier ${met("earlier")})`,
  ].join(" · ");
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig(process.argv.slice(2), process.env);
  if (config.users < 32 || config.scaleUsers <= config.users) throw new Error("BENCH_USERS must be at least 32 and below BENCH_SCALE_USERS");
  setTimeout(() => abort(`gave up after ${config.timeoutMinutes} minutes (BENCH_TIMEOUT_MINUTES)`, 1), config.timeoutMinutes * 60_000).unref();

  const database = await openBenchDatabase(config.repoRoot);
  cleanups.push(() => database.drop());
  log(`database ${database.name} on ${database.description}`);
  // Production needs an EMAIL_SERVER, and a sign-in from a new browser mails its owner: the tests' SMTP server takes it.
  const mail = await startSmtpServer();
  cleanups.push(() => mail.stop());
  // Together AI's stand-in: keys are checked and code generated against it, never against the real service.
  const stub = await startTogetherStub();
  cleanups.push(() => stub.close());
  watchDatabase(database.uri);
  await buildServers(config, log);

  const measured = await measure(config, database, mail.url, stub);
  const results: BenchResults = { ...measured, targets: evaluateTargets(measured), durationSeconds: (Date.now() - started) / 1000 };
  mkdirSync(config.resultsDir, { recursive: true });
  const files = { json: "latest.json", md: "latest.md", svg: "latest.svg" };
  writeFileSync(path.join(config.resultsDir, files.json), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(config.resultsDir, files.md), resultsMarkdown(results));
  writeFileSync(path.join(config.resultsDir, files.svg), resultsSvg(results));
  log(`wrote bench/results/${files.md}, ${files.json} and ${files.svg}`);
  if (config.publish) {
    const intro = `Measured ${results.date.slice(0, 10)} on ${results.machine.cpus} CPUs against ${results.machine.database} (\`npm run bench\`).`;
    for (const line of publish(config.repoRoot, path.join(config.resultsDir, files.svg), `${intro}\n\n${headlineMarkdown(results)}`)) log(`published ${line}`);
  }
  await cleanUp();
  console.log(summaryLine(results));
}

// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal, and relayed by tsx), and the
// second must not kill it before it has stopped the servers and dropped the database.
process.on("SIGINT", () => abort("interrupted: stopping what was started", 130));
process.on("SIGTERM", () => abort("terminated: stopping what was started", 143));
main().then(
  () => process.exit(0),
  (error: unknown) => abort(`failed: ${error instanceof Error ? error.message : String(error)}`, 1),
);
