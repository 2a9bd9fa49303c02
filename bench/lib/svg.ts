import type { BenchResults } from "./results";
import { formatRatio } from "./stats";

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
  /** The target is a ceiling (CPU, latency growth) rather than a floor. */
  lowerIsBetter?: boolean;
}

const WIDTH = 820;
const LABEL_WIDTH = 350;
const BAR_X = LABEL_WIDTH + 20;
const BAR_WIDTH = 320;
/** The measured values stand in their own column, clear of the bars and target ticks. */
const VALUE_X = BAR_X + BAR_WIDTH + 24;
const ROW_HEIGHT = 30;
const TOP = 64;
const COLORS = { met: "#15803d", missed: "#b91c1c", none: "#64748b", text: "#0f172a", muted: "#475569", grid: "#cbd5e1", background: "#ffffff" };

function rowsOf(results: BenchResults): Row[] {
  const ratio = (key: string) => results.throughput.find((figure) => figure.key === key)?.ratio ?? Number.NaN;
  const kept = (side: "app" | "baseline", n: number) => results.storm[side].during[String(n)]?.kept ?? Number.NaN;
  return [
    { label: "GET /api/auth/session, signed in", value: ratio("session"), target: 1.5 },
    { label: "GET /api/auth/session, anonymous", value: ratio("anonymous") },
    { label: "getServerSession route, no DB", value: ratio("getServerSession"), target: 1.5 },
    { label: "protected route, one indexed read", value: ratio("preferences"), target: 1 },
    { label: "session checks kept, 2-conn sign-in storm", value: kept("app", 2), target: 0.9 },
    { label: "session checks kept, 4-conn sign-in storm", value: kept("app", 4), target: 0.9 },
    { label: "baseline kept, 4-conn storm (for comparison)", value: kept("baseline", 4) },
    { label: "CPU per sign-in ÷ one bcrypt compare", value: results.bcrypt.cpuRatio, target: 1.05, lowerIsBetter: true },
    { label: `sign-in latency, ${results.scale.large.users / 1000}k ÷ ${results.scale.small.users / 1000}k users`, value: results.scale.signInRatio, target: 1.1, lowerIsBetter: true },
    { label: `protected route latency, ${results.scale.large.users / 1000}k ÷ ${results.scale.small.users / 1000}k`, value: results.scale.preferencesRatio, target: 1.1, lowerIsBetter: true },
  ];
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function verdictOf(row: Row): "met" | "missed" | "none" {
  if (row.target === undefined || !Number.isFinite(row.value)) return "none";
  return (row.lowerIsBetter ? row.value <= row.target : row.value >= row.target) ? "met" : "missed";
}

export function resultsSvg(results: BenchResults): string {
  const rows = rowsOf(results);
  const largest = Math.max(2, ...rows.map((row) => (Number.isFinite(row.value) ? row.value : 0)), ...rows.map((row) => row.target ?? 0));
  const scaleMax = Math.min(4, Math.ceil(largest * 2) / 2);
  const x = (value: number) => BAR_X + (Math.min(value, scaleMax) / scaleMax) * BAR_WIDTH;
  const height = TOP + rows.length * ROW_HEIGHT + 48;
  const met = results.targets.filter((target) => target.met).length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" role="img" aria-label="KeyForge vs plain next-auth: ratios and targets">`,
    `<rect x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" rx="8" fill="${COLORS.background}" stroke="${COLORS.grid}"/>`,
    `<text x="20" y="28" font-size="16" font-weight="600" fill="${COLORS.text}">KeyForge vs plain next-auth v4 (ratio; 1× = the same)</text>`,
    `<text x="20" y="48" font-size="12" fill="${COLORS.muted}">Bar: measured (cut at ${scaleMax}×) · black tick: target · green met, red missed, grey no target · targets met: ${met} of ${results.targets.length} (latest.md)</text>`,
  ];
  for (let tick = 0; tick <= scaleMax; tick += 0.5) {
    const tickX = x(tick);
    const major = Number.isInteger(tick);
    parts.push(`<line x1="${tickX}" y1="${TOP - 6}" x2="${tickX}" y2="${TOP + rows.length * ROW_HEIGHT}" stroke="${COLORS.grid}" stroke-width="${tick === 1 ? 1.5 : 0.5}"${major ? "" : ' stroke-dasharray="2 3"'}/>`);
    if (major) parts.push(`<text x="${tickX}" y="${TOP + rows.length * ROW_HEIGHT + 16}" font-size="11" text-anchor="middle" fill="${COLORS.muted}">${tick}×</text>`);
  }
  rows.forEach((row, index) => {
    const y = TOP + index * ROW_HEIGHT;
    const value = Number.isFinite(row.value) ? row.value : 0;
    const goal = row.target === undefined ? "" : ` (${row.lowerIsBetter ? "≤" : "≥"} ${row.target}×)`;
    parts.push(`<text x="20" y="${y + 19}" font-size="12.5" fill="${COLORS.text}">${escapeXml(row.label + goal)}</text>`);
    const verdict = verdictOf(row);
    parts.push(`<rect x="${BAR_X}" y="${y + 7}" width="${Math.max(1, x(value) - BAR_X)}" height="16" rx="3" fill="${COLORS[verdict]}"/>`);
    if (row.target !== undefined) {
      const targetX = x(row.target);
      parts.push(`<line x1="${targetX}" y1="${y + 3}" x2="${targetX}" y2="${y + 27}" stroke="${COLORS.text}" stroke-width="2.5"/>`);
    }
    const mark = { met: " ✓", missed: " ✗", none: "" }[verdict];
    parts.push(`<text x="${VALUE_X}" y="${y + 19}" font-size="13" font-weight="600" fill="${COLORS[verdict === "none" ? "text" : verdict]}">${escapeXml(formatRatio(row.value) + mark)}</text>`);
  });
  parts.push(`<text x="20" y="${height - 12}" font-size="11" fill="${COLORS.muted}">${escapeXml(`${results.date.slice(0, 10)} · ${results.machine.cpus} CPUs · ${results.machine.database} · npm run bench`)}</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
