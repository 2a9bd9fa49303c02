import type { BenchResults, CpuShares } from "./results";
import { databaseGrowthNote, queryShapesTable, routeCommandsTable, routesTable, scaleRoutesTable, table } from "./route-markdown";
import { formatNumber, formatRatio, ratio } from "./stats";
import { STORM_CONNECTIONS } from "./throughput";

/** bench/results/latest.md: the run as tables (docs/performance.md shows the headline ones). */

const ms = (value: number) => (Number.isFinite(value) ? `${formatNumber(value, value < 10 ? 1 : 0)} ms` : "–");
const rps = (value: number) => formatNumber(value, value < 100 ? 1 : 0);

function throughputTable(results: BenchResults): string {
  return table(
    ["Route (8 connections)", "KeyForge req/s", "p50", "p99", "Baseline req/s", "p50", "p99", "Ratio"],
    results.throughput.map((figure) => [
      `${figure.label} (\`${figure.route}\`)`,
      rps(figure.app.rps),
      ms(figure.app.p50),
      ms(figure.app.p99),
      rps(figure.baseline.rps),
      ms(figure.baseline.p50),
      ms(figure.baseline.p99),
      `**${formatRatio(figure.ratio)}**`,
    ]),
  );
}

function stormTable(results: BenchResults): string {
  const header = ["Signed-in session checks", "alone req/s"];
  for (const n of STORM_CONNECTIONS) header.push(`during ${n}-conn storm`, "kept", "sign-ins/s");
  const row = (name: string, side: BenchResults["storm"]["app"]) => {
    const cells = [name, rps(side.alone.rps)];
    for (const n of STORM_CONNECTIONS) {
      const during = side.during[String(n)];
      cells.push(rps(during?.sessions.rps ?? Number.NaN), `**${formatRatio(during?.kept ?? Number.NaN)}**`, rps(during?.signIns.rps ?? Number.NaN));
    }
    return cells;
  };
  return table(header, [row("KeyForge", results.storm.app), row("Baseline", results.storm.baseline)]);
}

/** Where all cores went during the last round's session checks, alone and in each storm (the measured why of "kept"). */
function stormCpuTable(results: BenchResults): string {
  const percent = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "–" : `${Math.round(value)}%`);
  const rows: string[][] = [];
  for (const [name, side] of [["KeyForge", results.storm.app], ["Baseline", results.storm.baseline]] as const) {
    const phases: [string, CpuShares | null | undefined][] = [["alone", side.cpu.alone], ...STORM_CONNECTIONS.map((n): [string, CpuShares | undefined] => [`${n}-conn storm`, side.cpu.during[String(n)]])];
    for (const [phase, shares] of phases) {
      rows.push([`${name}, ${phase}`, percent(shares?.serverMain), percent(shares?.serverOther), percent(shares?.database), percent(shares?.rest), percent(shares?.idle)]);
    }
  }
  return table(["CPU of all cores, last round", "server main thread", "server other threads", "FerretDB", "load generators and the rest", "idle"], rows);
}

function bcryptTable(results: BenchResults): string {
  const { bcrypt } = results;
  return table(
    ["bcrypt (cost " + results.machine.bcryptCost + ")", "KeyForge", "Baseline"],
    [
      [`raw bcryptjs compares/s, ${bcrypt.threads} threads`, rps(bcrypt.comparesPerSecondAllCores), rps(bcrypt.comparesPerSecondAllCores)],
      ["sign-ins/s (4-conn storm, during session checks)", rps(bcrypt.app.signInsPerSecond), rps(bcrypt.baseline.signInsPerSecond)],
      ["sign-ins/s ÷ compares/s", `**${formatRatio(bcrypt.signInsVsCompares)}**`, formatRatio(bcrypt.baseline.signInsPerSecond / bcrypt.comparesPerSecondAllCores)],
      ["CPU of one compare (one thread)", ms(bcrypt.cpuMsPerCompare), ms(bcrypt.cpuMsPerCompare)],
      [`server CPU per sign-in (${bcrypt.app.samples} sequential)`, ms(bcrypt.app.cpuMsPerSignIn), ms(bcrypt.baseline.cpuMsPerSignIn)],
      ["… of which on the main thread (the event loop)", ms(bcrypt.app.mainThreadMsPerSignIn), ms(bcrypt.baseline.mainThreadMsPerSignIn)],
      [
        "… and on other threads (bcrypt workers, GC, libuv)",
        ms(bcrypt.app.cpuMsPerSignIn - bcrypt.app.mainThreadMsPerSignIn),
        ms(bcrypt.baseline.cpuMsPerSignIn - bcrypt.baseline.mainThreadMsPerSignIn),
      ],
      ["database server CPU per sign-in", ms(bcrypt.app.databaseMsPerSignIn), ms(bcrypt.baseline.databaseMsPerSignIn)],
      ["sign-ins/s ÷ the baseline's (4-conn storm)", `**${formatRatio(ratio(bcrypt.app.signInsPerSecond, bcrypt.baseline.signInsPerSecond))}**`, "1×"],
      ["CPU per sign-in ÷ one compare", `**${formatRatio(bcrypt.cpuRatio)}**`, formatRatio(bcrypt.baseline.cpuMsPerSignIn / bcrypt.cpuMsPerCompare)],
      ["worst event-loop stall: one compareSync on the main thread (in process)", ms(results.eventLoop.mainThreadCompareMs), "–"],
      [`… ${results.eventLoop.burst} concurrent verifyPassword (worker pool)`, `**${ms(results.eventLoop.workerPoolBurstMs)}**`, "–"],
    ],
  );
}

function scaleTable(results: BenchResults): string {
  const { scale } = results;
  const users = (count: number) => `${formatNumber(count)} users p50`;
  return table(
    ["KeyForge latency (user inserted last)", users(scale.small.users), users(scale.large.users), "Ratio"],
    [
      [
        "sign-in (POST credentials)",
        `${ms(scale.small.signIn.p50)} (n=${scale.small.signIn.samples})`,
        `${ms(scale.large.signIn.p50)} (n=${scale.large.signIn.samples})`,
        `**${formatRatio(scale.signInRatio)}**`,
      ],
      [
        "protected route (`/api/user/preferences`)",
        `${ms(scale.small.preferences.p50)} (n=${scale.small.preferences.samples})`,
        `${ms(scale.large.preferences.p50)} (n=${scale.large.preferences.samples})`,
        `**${formatRatio(scale.preferencesRatio)}**`,
      ],
    ],
  );
}

function commandsTable(results: BenchResults): string {
  const counts = (perRequest: Record<string, number>) =>
    Object.entries(perRequest)
      .map(([name, count]) => `${name} ${formatNumber(count, Number.isInteger(count) ? 0 : 1)}`)
      .join(", ") || "none";
  return table(
    ["Request (KeyForge)", "by name", "commands seen", "DB commands per request"],
    results.commands.map((figure) => [
      `${figure.label} (×${figure.requests})`,
      counts(figure.perRequest),
      figure.distinct.join(", ") || "–",
      `**${formatNumber(figure.total, Number.isInteger(figure.total) ? 0 : 1)}**`,
    ]),
    3,
  );
}

function targetsTable(results: BenchResults, group: BenchResults["targets"][number]["group"]): string {
  return table(
    ["Target", "Goal", "Measured", ""],
    results.targets.filter((target) => target.group === group).map((target) => [target.label, target.goal, target.measured, target.met ? "✓" : "✗"]),
    4,
  );
}

function metOf(results: BenchResults, group: BenchResults["targets"][number]["group"]): string {
  const targets = results.targets.filter((target) => target.group === group);
  return `${targets.filter((target) => target.met).length} of ${targets.length} met`;
}

/** What the explain table cannot say by itself about the server it ran on. */
function explainNote(results: BenchResults): string {
  if (!results.explain.some((query) => query.plan.startsWith("filterPushdown"))) return "";
  return (
    "FerretDB v1 keeps each collection in one SQLite table and filters documents itself unless it can push the filter " +
    "down to SQL (`filterPushdown`), which it does for `_id` equality only; SQLite then plans a `SCAN` of the table. " +
    "So on this server no query uses the indexes the app creates (lib/core/indexes.ts), and latency grows with the collection " +
    "(FerretDB v1 on PostgreSQL was tried too: a `Seq Scan` with a `@>` filter, no index either). The last column is the index " +
    "the server lists for the query's leading field, the one MongoDB plans with. " +
    "Run with MONGODB_URI pointing at a MongoDB to see its plans (IXSCAN, IDHACK, EXPRESS_IXSCAN or COLLSCAN)."
  );
}

/** The headline tables (docs/performance.md): every route, the session routes, issue 32's targets. */
export function headlineMarkdown(results: BenchResults): string {
  return [
    routesTable(results),
    "",
    throughputTable(results),
    "",
    `Issue 32's targets (${metOf(results, "issue 32")}):`,
    "",
    targetsTable(results, "issue 32"),
  ].join("\n");
}

export function resultsMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const { routes } = results;
  const quick = settings.quick ? " **Quick run (BENCH_QUICK=1): a smoke test of every code path, not a measurement.**" : "";
  return [
    `# KeyForge vs plain next-auth v4: ${results.date}`,
    "",
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.database}; bcrypt cost ${machine.bcryptCost}. ` +
      `${settings.rounds} A/B rounds of ${settings.seconds} s per session figure (median), ${settings.connections} connections; ` +
      `${settings.routeRounds} rounds of ${settings.routeSeconds} s per route at ${settings.routeConnections} connections; ` +
      `${formatNumber(settings.users)} users (${formatNumber(settings.scaleUsers)} for the scale figures), ${routes.seeded.eventsPerUser} audit events and ${routes.seeded.devicesPerUser} devices each. ` +
      `Run took ${formatNumber(results.durationSeconds)} s.${quick}`,
    "",
    `## Every signed-in route and page (${formatNumber(settings.users)} users, ${settings.routeConnections} connections)`,
    "",
    routesTable(results),
    "",
    "CPU is read from /proc around each load: the app's whole process tree (main thread, bcrypt workers, GC) and the database server, " +
      "divided by the requests answered. Commands per request come from the monitored app, each request counted alone right after a fresh sign-in, " +
      "so inside the session's revalidation interval (the session check sends none there), after one uncounted request (a first one may create indexes); " +
      "the mail outbox's poller, which runs on a timer whatever the request, is left out. API routes are paired with the baseline's API route, pages with its page; " +
      `pages and Settings are held to the app's own \`/api/user/preferences\` in the targets.`,
    "",
    routeCommandsTable(results),
    "",
    `## Scale: ${formatNumber(routes.users)} vs ${formatNumber(routes.scaleUsers)} users`,
    "",
    `The same requests after bulk-inserting users up to ${formatNumber(routes.scaleUsers)} (with their audit events and devices, ${formatNumber(routes.seeded.seedMs / 1000, 1)} s), ` +
      `one round of ${settings.scaleRouteSeconds} s per route at ${settings.scaleRouteConnections} connections (a scan of a grown collection takes seconds here), ` +
      "compared with the same load at the first size: CPU per request falls as more requests share each turn of the event loop, so the 10-connection figures above are no baseline for it. " +
      "A route that answered fewer than 5 requests in its load is loaded again until 5 have been answered; one that answered none is not measured (–).",
    "",
    scaleRoutesTable(results),
    "",
    databaseGrowthNote(results),
    "",
    scaleTable(results),
    "",
    "## Session routes",
    "",
    throughputTable(results),
    "",
    "## Sign-in: session checks during a sign-in storm",
    "",
    stormTable(results),
    "",
    "Where the machine's CPU went meanwhile (the load generators run on the same cores):",
    "",
    stormCpuTable(results),
    "",
    "## Sign-in: where its CPU goes, and bcrypt",
    "",
    bcryptTable(results),
    "",
    "## Database commands per request (session and sign-in)",
    "",
    commandsTable(results),
    "",
    "A known browser sends the device cookie its last sign-in set (the storm and latency figures sign in that way too); " +
      "a new browser's sign-in also reads the user again for the new-sign-in notice mail. The target counts the known browser.",
    "",
    `Housekeeping seen meanwhile (not counted): ${Object.entries(results.housekeeping).map(([name, count]) => `${name} ${count}`).join(", ") || "none"}.`,
    "",
    `## Query shapes: every query the routes and the sign-in sent (${results.explain.length})`,
    "",
    queryShapesTable(results),
    "",
    explainNote(results),
    "",
    `## Targets of issue 32: ${metOf(results, "issue 32")}`,
    "",
    targetsTable(results, "issue 32"),
    "",
    `## Earlier targets: ${metOf(results, "earlier")}`,
    "",
    targetsTable(results, "earlier"),
    "",
  ].join("\n");
}
