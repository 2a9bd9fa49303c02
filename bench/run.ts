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
import { measureCommands, startMonitoredApp } from "./lib/commands";
import { readConfig, type BenchConfig } from "./lib/config";
import { openBenchDatabase, type BenchDatabase } from "./lib/database";
import { measurePasswordEventLoop } from "./lib/event-loop";
import { explainQueries } from "./lib/explain";
import { measureBcrypt, measureLargeScale, measureSmallScale } from "./lib/figures";
import { headlineMarkdown, resultsMarkdown } from "./lib/markdown";
import { stopAllProcesses } from "./lib/processes";
import { publish } from "./lib/publish";
import type { BenchResults } from "./lib/results";
import { BENCH_PASSWORD, benchEmail, benchPasswordHash, seedUsers } from "./lib/seed";
import { buildServers, startApp, startBaseline } from "./lib/servers";
import { formatNumber, formatRatio } from "./lib/stats";
import { resultsSvg } from "./lib/svg";
import { evaluateTargets } from "./lib/targets";
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

async function measure(config: BenchConfig, database: BenchDatabase, emailServer: string): Promise<Omit<BenchResults, "targets" | "durationSeconds">> {
  const hash = benchPasswordHash(config.bcryptCost);
  const appOptions = { databaseUri: database.uri, emailServer, bcryptCost: config.bcryptCost };
  const [app, baseline] = await Promise.all([startApp(config, appOptions), startBaseline(config, database.uri)]);
  await seedUsers(database.db, 0, config.users, hash);
  log(`app at ${app.baseUrl}, baseline at ${baseline.baseUrl}, ${config.users} users seeded`);
  const sides = { app: await prepareSide(app, config.users), baseline: await prepareSide(baseline, config.users) };

  log("throughput (a–d) …");
  const throughput = await measureThroughput(config, sides, log);
  log("session checks during sign-in storms (e) …");
  const storm = await measureStorm(config, sides, log);
  log("bcrypt and CPU per sign-in (f) …");
  const bcrypt = await measureBcrypt(config, sides, storm, hash);
  log(`  ${formatNumber(bcrypt.comparesPerSecondAllCores, 1)} compares/s on ${bcrypt.threads} threads; app CPU per sign-in ${formatRatio(bcrypt.cpuRatio)} one compare`);
  log("scale (g), first half …");
  const small = await measureSmallScale(config, app, log);
  await baseline.stop();

  // Counted before the bulk insert, so that slow scans at 100,000 users cannot push a request past the interval.
  log("database commands per request (h) …");
  const monitored = await startMonitoredApp(config, appOptions);
  const commands = await measureCommands(monitored, benchEmail(Math.floor(config.users / 2)));
  await monitored.server.stop();
  for (const figure of commands.figures) log(`  ${figure.label}: ${formatNumber(figure.total, 1)}`);

  log("scale (g), second half …");
  const scale = await measureLargeScale(config, app, database.db, hash, small, log);
  await app.stop();
  const explain = await explainQueries(database.db, commands.captured);
  log("event-loop stall while passwords are checked (i), servers stopped …");
  const eventLoop = await measurePasswordEventLoop(BENCH_PASSWORD, hash);
  log(`  compareSync on the main thread ${formatNumber(eventLoop.mainThreadCompareMs, 1)} ms; ${eventLoop.burst} through the pool ${formatNumber(eventLoop.workerPoolBurstMs, 1)} ms`);

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
    settings: { seconds: config.seconds, rounds: config.rounds, connections: config.connections, users: config.users, scaleUsers: config.scaleUsers },
    throughput,
    storm,
    bcrypt,
    eventLoop,
    scale,
    commands: commands.figures,
    housekeeping: commands.housekeeping,
    explain,
  };
}

function summaryLine(results: BenchResults): string {
  const ratioOf = (key: string) => formatRatio(results.throughput.find((figure) => figure.key === key)?.ratio ?? Number.NaN);
  const kept = (side: "app" | "baseline") => formatRatio(results.storm[side].during["4"]?.kept ?? Number.NaN);
  const signIn = results.commands.find((figure) => figure.key === "signInKnownBrowser")?.total ?? Number.NaN;
  const met = results.targets.filter((target) => target.met).length;
  return [
    `bench: session ${ratioOf("session")}`,
    `anonymous ${ratioOf("anonymous")}`,
    `getServerSession ${ratioOf("getServerSession")}`,
    `indexed read ${ratioOf("preferences")}`,
    `storm kept ${kept("app")} (baseline ${kept("baseline")})`,
    `CPU/sign-in ${formatRatio(results.bcrypt.cpuRatio)} compare`,
    `${formatNumber(results.scale.large.users / 1000)}k users ${formatRatio(Math.max(results.scale.signInRatio, results.scale.preferencesRatio))}`,
    `${formatNumber(signIn, 1)} commands/sign-in (targets ${met}/${results.targets.length})`,
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
  await buildServers(config, log);

  const measured = await measure(config, database, mail.url);
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
