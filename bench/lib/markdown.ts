import type { BenchResults, CpuShares } from "./results";
import { formatNumber, formatRatio } from "./stats";
import { STORM_CONNECTIONS } from "./throughput";

/** bench/results/latest.md: the run as tables (docs/performance.md shows the same). */

/** A markdown table; the first `textColumns` columns are left-aligned text, the rest right-aligned numbers. */
function table(header: string[], rows: string[][], textColumns = 1): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_cell, index) => (index < textColumns ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

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

function explainTable(results: BenchResults): string {
  const escape = (text: string) => text.replaceAll("|", "\\|");
  return table(
    ["Query", "Filter (shape)", "Plan (server's words)", "Server used an index?", "Index on its leading field"],
    results.explain.map((query) => [
      `${query.command} ${query.collection}`,
      `\`${escape(query.filter)}\``,
      escape(query.plan),
      query.use === "index" ? "✓ index" : query.use === "collection scan" ? "✗ collection scan" : "? unknown",
      query.indexFor ? `✓ \`${query.indexFor}\`` : "✗ none",
    ]),
    5,
  );
}

function targetsTable(results: BenchResults): string {
  return table(
    ["Target", "Goal", "Measured", ""],
    results.targets.map((target) => [target.label, target.goal, target.measured, target.met ? "✓" : "✗"]),
    4,
  );
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

/** The headline table alone (docs/performance.md). */
export function headlineMarkdown(results: BenchResults): string {
  return [throughputTable(results), "", targetsTable(results)].join("\n");
}

export function resultsMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const met = results.targets.filter((target) => target.met).length;
  return [
    `# KeyForge vs plain next-auth v4: ${results.date}`,
    "",
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.database}; bcrypt cost ${machine.bcryptCost}. ` +
      `${settings.rounds} A/B rounds of ${settings.seconds} s per figure (median), ${settings.connections} connections, ` +
      `${formatNumber(settings.users)} users (${formatNumber(settings.scaleUsers)} for the scale figure). Run took ${formatNumber(results.durationSeconds)} s.`,
    "",
    "## Throughput",
    "",
    throughputTable(results),
    "",
    "## Session checks during a sign-in storm",
    "",
    stormTable(results),
    "",
    "Where the machine's CPU went meanwhile (the load generators run on the same cores):",
    "",
    stormCpuTable(results),
    "",
    "## Sign-ins and bcrypt",
    "",
    bcryptTable(results),
    "",
    "## Scale",
    "",
    scaleTable(results),
    "",
    "## Database commands per request",
    "",
    commandsTable(results),
    "",
    "A known browser sends the device cookie its last sign-in set (the storm and latency figures sign in that way too); " +
      "a new browser's sign-in also reads the user again for the new-sign-in notice mail. The target counts the known browser.",
    "",
    `Housekeeping seen meanwhile (not counted): ${Object.entries(results.housekeeping).map(([name, count]) => `${name} ${count}`).join(", ") || "none"}.`,
    "",
    "## Explain of every query the auth paths ran",
    "",
    explainTable(results),
    "",
    explainNote(results),
    "",
    `## Targets: ${met} of ${results.targets.length} met`,
    "",
    targetsTable(results),
    "",
  ].join("\n");
}
