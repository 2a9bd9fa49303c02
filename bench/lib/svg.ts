import type { BenchResults } from "./results";
import { formatRatio } from "./stats";
import { ONE_ACCOUNT_GET, scaleRatios, settingsRatio } from "./targets";

/**
 * bench/results/latest.svg: one horizontal bar per ratio, with its target
 * marked on the same row, green when met and red when missed (grey: no
 * target, shown for comparison). Plain SVG on a solid background, so it reads
 * the same on light and dark pages.
 */

interface Row {
  label: string;
  value: number;
  target?: number;
  /** The target is a ceiling (CPU, growth) rather than a floor. */
  lowerIsBetter?: boolean;
  /** A section's title, drawn above its first row. */
  heading?: string;
}

const WIDTH = 860;
const LABEL_WIDTH = 390;
const BAR_X = LABEL_WIDTH + 20;
const BAR_WIDTH = 320;
/** The measured values stand in their own column, clear of the bars and target ticks. */
const VALUE_X = BAR_X + BAR_WIDTH + 24;
const ROW_HEIGHT = 24;
const HEADING_HEIGHT = 26;
const TOP = 64;
const COLORS = { met: "#15803d", missed: "#b91c1c", none: "#64748b", text: "#0f172a", muted: "#475569", grid: "#cbd5e1", background: "#ffffff" };

function rowsOf(results: BenchResults): Row[] {
  const ratio = (key: string) => results.throughput.find((figure) => figure.key === key)?.ratio ?? Number.NaN;
  const kept = (side: "app" | "baseline", n: number) => results.storm[side].during[String(n)]?.kept ?? Number.NaN;
  const { routes } = results.routes;
  const sizes = `${results.routes.scaleUsers / 1000}k ÷ ${results.routes.users / 1000}k users`;
  const signIns = (side: "app" | "baseline") => results.storm[side].during["4"]?.signIns.rps ?? Number.NaN;
  const withHeading = (heading: string, rows: Row[]): Row[] => rows.map((row, index) => (index === 0 ? { ...row, heading } : row));
  return [
    ...withHeading(
      "App CPU per request ÷ the baseline's getServerSession + one _id read (API route; pages: its page)",
      routes.map((route) => ({ label: route.label, value: route.appCpuRatio, ...(route.kind === "account" ? { target: 1.3, lowerIsBetter: true } : {}) })),
    ),
    ...withHeading(
      `Settings render app CPU ÷ one account GET (${ONE_ACCOUNT_GET})`,
      routes.filter((route) => route.kind === "settings").map((route) => ({ label: route.label, value: settingsRatio(results, route), target: 3, lowerIsBetter: true })),
    ),
    ...withHeading(
      `${sizes}: app CPU and commands per request, the higher`,
      routes.map((route) => ({ label: route.label, value: Math.max(...Object.values(scaleRatios(route))), target: 1.1, lowerIsBetter: true })),
    ),
    ...withHeading("Sign-in", [
      { label: "sign-ins/s ÷ baseline's (4-conn storm)", value: signIns("app") / signIns("baseline"), target: 1 },
      { label: "session checks kept, 2-conn sign-in storm", value: kept("app", 2), target: 0.8 },
      { label: "session checks kept, 4-conn sign-in storm", value: kept("app", 4), target: 0.8 },
      { label: "baseline kept, 4-conn storm (for comparison)", value: kept("baseline", 4) },
      { label: "CPU per sign-in ÷ one bcrypt compare", value: results.bcrypt.cpuRatio, target: 1.05, lowerIsBetter: true },
    ]),
    ...withHeading("Session routes, req/s ÷ baseline's (8 connections)", [
      { label: "GET /api/auth/session, signed in", value: ratio("session"), target: 1.5 },
      { label: "GET /api/auth/session, anonymous", value: ratio("anonymous") },
      { label: "getServerSession route, no DB", value: ratio("getServerSession"), target: 1.5 },
      { label: "protected route, one indexed read", value: ratio("preferences"), target: 1 },
    ]),
  ];
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function verdictOf(row: Row): "met" | "missed" | "none" {
  if (row.target === undefined || !Number.isFinite(row.value)) return "none";
  return (row.lowerIsBetter ? row.value <= row.target : row.value >= row.target) ? "met" : "missed";
}

/** Each row's top, and each section's span (grid lines are drawn per section, under its heading). */
function layout(rows: Row[]): { tops: number[]; sections: { from: number; to: number }[]; bottom: number } {
  const tops: number[] = [];
  const sections: { from: number; to: number }[] = [];
  let y = TOP;
  for (const row of rows) {
    if (row.heading !== undefined) {
      y += HEADING_HEIGHT;
      sections.push({ from: y, to: y });
    }
    tops.push(y);
    y += ROW_HEIGHT;
    const section = sections.at(-1);
    if (section) section.to = y;
  }
  return { tops, sections, bottom: y };
}

export function resultsSvg(results: BenchResults): string {
  const rows = rowsOf(results);
  const largest = Math.max(2, ...rows.map((row) => (Number.isFinite(row.value) ? row.value : 0)), ...rows.map((row) => row.target ?? 0));
  const scaleMax = Math.min(4, Math.ceil(largest * 2) / 2);
  const x = (value: number) => BAR_X + (Math.min(value, scaleMax) / scaleMax) * BAR_WIDTH;
  const { tops, sections, bottom } = layout(rows);
  const height = bottom + 48;
  const met = results.targets.filter((target) => target.met).length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" role="img" aria-label="KeyForge vs plain next-auth: ratios and targets">`,
    `<rect x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" rx="8" fill="${COLORS.background}" stroke="${COLORS.grid}"/>`,
    `<text x="20" y="28" font-size="16" font-weight="600" fill="${COLORS.text}">KeyForge vs plain next-auth v4 (ratio; 1× = the same)</text>`,
    `<text x="20" y="48" font-size="12" fill="${COLORS.muted}">Bar: measured (cut at ${scaleMax}×) · black tick: target · green met, red missed, grey no target · targets met: ${met} of ${results.targets.length} (latest.md)</text>`,
  ];
  for (const section of sections) {
    for (let tick = 0; tick <= scaleMax; tick += 0.5) {
      const tickX = x(tick);
      const dashed = Number.isInteger(tick) ? "" : ' stroke-dasharray="2 3"';
      parts.push(`<line x1="${tickX}" y1="${section.from}" x2="${tickX}" y2="${section.to}" stroke="${COLORS.grid}" stroke-width="${tick === 1 ? 1.5 : 0.5}"${dashed}/>`);
    }
  }
  for (let tick = 0; tick <= scaleMax; tick += 1) {
    parts.push(`<text x="${x(tick)}" y="${bottom + 16}" font-size="11" text-anchor="middle" fill="${COLORS.muted}">${tick}×</text>`);
  }
  rows.forEach((row, index) => {
    const y = tops[index] ?? TOP;
    if (row.heading !== undefined) parts.push(`<text x="20" y="${y - 8}" font-size="13" font-weight="600" fill="${COLORS.text}">${escapeXml(row.heading)}</text>`);
    const value = Number.isFinite(row.value) ? row.value : 0;
    const goal = row.target === undefined ? "" : ` (${row.lowerIsBetter ? "≤" : "≥"} ${row.target}×)`;
    parts.push(`<text x="32" y="${y + 16}" font-size="12" fill="${COLORS.text}">${escapeXml(row.label + goal)}</text>`);
    const verdict = verdictOf(row);
    parts.push(`<rect x="${BAR_X}" y="${y + 5}" width="${Math.max(1, x(value) - BAR_X)}" height="14" rx="3" fill="${COLORS[verdict]}"/>`);
    if (row.target !== undefined) {
      const targetX = x(row.target);
      parts.push(`<line x1="${targetX}" y1="${y + 2}" x2="${targetX}" y2="${y + 22}" stroke="${COLORS.text}" stroke-width="2.5"/>`);
    }
    const mark = { met: " ✓", missed: " ✗", none: "" }[verdict];
    const shown = Number.isFinite(row.value) ? formatRatio(row.value) + mark : "not measured";
    parts.push(`<text x="${VALUE_X}" y="${y + 16}" font-size="12.5" font-weight="600" fill="${COLORS[verdict === "none" ? "text" : verdict]}">${escapeXml(shown)}</text>`);
  });
  parts.push(`<text x="20" y="${height - 12}" font-size="11" fill="${COLORS.muted}">${escapeXml(`${results.date.slice(0, 10)} · ${results.machine.cpus} CPUs · ${results.machine.database} · npm run bench`)}</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
