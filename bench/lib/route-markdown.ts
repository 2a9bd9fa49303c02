import type { ExplainedQuery } from "./explain";
import { BASELINE_ROUTES } from "./route-load";
import type { BenchResults, RouteCommands, RouteCost, RouteFigure } from "./results";
import { formatNumber, formatRatio, ratio } from "./stats";
import { scaleRatios } from "./targets";

/** The per-route tables of latest.md (figures j and k) and the query shapes, also printed by run.ts. */

/** A markdown table; the first `textColumns` columns are left-aligned text, the rest right-aligned numbers. */
export function table(header: string[], rows: string[][], textColumns = 1): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_cell, index) => (index < textColumns ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

const ms = (value: number, digits = 1) => (Number.isFinite(value) ? formatNumber(value, digits) : "–");
const count = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "–" : formatNumber(value, Number.isInteger(value) ? 0 : 1));
const escape = (text: string) => text.replaceAll("|", "\\|");

function costCells(cost: RouteCost): string[] {
  if (cost.requests === 0) return ["0", "–", "–", "–", "–"];
  return [formatNumber(cost.rps, cost.rps < 100 ? 1 : 0), ms(cost.p50, 0), ms(cost.p99, 0), ms(cost.appCpuMs), ms(cost.dbCpuMs)];
}

/** Figure j: every route at the first size, with the baseline's pair. */
export function routesTable(results: BenchResults): string {
  const { routes, baseline } = results.routes;
  const rows = routes.map((route) => [
    `\`${route.label}\`${route.kind === "account" ? "" : ` (${route.kind})`}`,
    ...costCells(route.cost),
    count(route.commands?.total),
    `**${formatRatio(route.appCpuRatio)}**`,
  ]);
  rows.push([`baseline \`${BASELINE_ROUTES.api}\` (getServerSession + one \`_id\` read)`, ...costCells(baseline.api), "1", "1×"]);
  rows.push([`baseline \`${BASELINE_ROUTES.page}\` (page: the same, rendered)`, ...costCells(baseline.page), "1", "1×"]);
  return table(["Route (signed in)", "req/s", "p50 ms", "p99 ms", "app CPU ms/req", "DB CPU ms/req", "DB commands/req", "app CPU ÷ baseline"], rows);
}

/** The commands each route sent, by name (figure j's command column, spelled out). */
export function routeCommandsTable(results: BenchResults): string {
  const spelled = (commands: RouteCommands | undefined) => {
    if (!commands) return "–";
    if (commands.error !== undefined) return `not counted: answered ${escape(commands.error)}`;
    return (
      Object.entries(commands.byCommand)
        .map(([name, n]) => `${name}${n === 1 ? "" : ` ×${count(n)}`}`)
        .join(", ") || "none"
    );
  };
  return table(
    ["Route", `commands per request, ${formatNumber(results.routes.users)} users`, `${formatNumber(results.routes.scaleUsers)} users`],
    results.routes.routes.map((route) => [`\`${route.label}\``, spelled(route.commands), spelled(route.scaled?.commands)]),
    3,
  );
}

/** Figure k: the same requests at both sizes. */
/** A load's CPU per request, or NaN ("–") when it got no answer and so measured nothing. */
const answered = (cost: RouteCost | undefined, figure: "appCpuMs" | "dbCpuMs") => (cost && cost.requests > 0 ? cost[figure] : Number.NaN);

export function scaleRoutesTable(results: BenchResults): string {
  const { users, scaleUsers } = results.routes;
  const size = (n: number) => `${formatNumber(n / 1000, n < 10_000 ? 1 : 0)}k`;
  const [a, b] = [size(users), size(scaleUsers)];
  return table(
    ["Route", `app CPU ms/req ${a}`, b, "ratio", `commands/req ${a}`, b, "ratio", `DB CPU ms/req ${a}`, b, "growth"],
    results.routes.routes.map((route) => {
      const ratios = scaleRatios(route);
      const db = ratio(route.scaled?.cost.dbCpuMs ?? Number.NaN, route.scaled?.before.dbCpuMs ?? Number.NaN);
      return [
        `\`${route.label}\``,
        ms(answered(route.scaled?.before, "appCpuMs")),
        ms(answered(route.scaled?.cost, "appCpuMs")),
        `**${formatRatio(ratios.cpu)}**`,
        count(route.commands?.total),
        count(route.scaled?.commands?.total),
        `**${formatRatio(ratios.commands)}**`,
        ms(answered(route.scaled?.before, "dbCpuMs")),
        ms(answered(route.scaled?.cost, "dbCpuMs")),
        formatRatio(db),
      ];
    }),
  );
}

/** Why the database's CPU per request grew: the scans each route's queries make, with what they read at each size. */
export function databaseGrowthNote(results: BenchResults): string {
  const { collections } = results.routes;
  const scans = (route: RouteFigure) => results.explain.filter((query) => query.sources.includes(route.label) && query.use !== "index");
  const lines: string[] = [];
  for (const route of results.routes.routes) {
    const growth = ratio(route.scaled?.cost.dbCpuMs ?? Number.NaN, route.scaled?.before.dbCpuMs ?? Number.NaN);
    const grew = (name: string) => (collections.large[name] ?? 0) > 1.5 * (collections.small[name] ?? 0);
    const scanned = [...new Set(scans(route).map((query) => query.collection))].filter(grew);
    if (!(growth > 1.5) || scanned.length === 0) continue;
    const what = scanned.map((name) => `\`${name}\` (${formatNumber(collections.small[name] ?? Number.NaN)} → ${formatNumber(collections.large[name] ?? Number.NaN)} documents)`);
    lines.push(`- \`${route.label}\`: database CPU per request ${formatRatio(growth)}; the server scans ${what.join(", ")}.`);
  }
  if (lines.length === 0) return "No route whose queries scan a grown collection had its database CPU per request grow more than 1.5×.";
  return [
    "Database CPU per request grew where a query cannot use an index on this server (the query shapes below say which): " +
      "the server reads every document of the collection, so its cost follows the collection's size, while the app's CPU and commands stay flat. " +
      "Growth on a route none of whose scanned collections grew is the shared machine's noise.",
    "",
    ...lines,
  ].join("\n");
}

function planWords(query: ExplainedQuery): string {
  if (query.plan.startsWith("filterPushdown: true")) return "pushdown";
  if (query.plan.startsWith("filterPushdown")) return "scan";
  return query.use === "index" ? "index" : query.use === "collection scan" ? "scan" : "?";
}

/** Item 3: every distinct query the routes and the sign-in sent, its shape, the index MongoDB would use, and this server's plan. */
export function queryShapesTable(results: BenchResults): string {
  return table(
    ["Query", "Filter (shape)", "Sent by", "Index whose prefix serves it (MongoDB)", "This server", "Plan (server's words)"],
    results.explain.map((query) => [
      `${query.command} ${query.collection}`,
      `\`${escape(query.filter)}\``,
      escape(query.sources.join(", ")) || "–",
      query.indexFor ? `✓ \`${query.indexFor}\`` : "✗ none",
      planWords(query),
      escape(query.plan),
    ]),
    6,
  );
}

/** The query shapes as console lines. */
export function queryShapeLines(explain: ExplainedQuery[]): string[] {
  return [
    `query shapes (${explain.length}): index on MongoDB · this server's plan`,
    ...explain.map((query) => `  ${query.command} ${query.collection} ${query.filter} · ${query.indexFor ?? "NO INDEX"} · ${planWords(query)} · ${query.sources.join(", ")}`),
  ];
}
