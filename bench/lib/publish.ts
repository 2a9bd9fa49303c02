import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * `npm run bench -- --publish`: the chart to docs/performance.svg, and the
 * table between docs/performance.md's `<!-- bench:start -->` and
 * `<!-- bench:end -->` markers (left alone when the page has no markers).
 */

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

/** `page` with the text between the markers replaced by `table`; null when the markers are missing. */
function withBenchTable(page: string, table: string): string | null {
  const start = page.indexOf(START);
  const end = page.indexOf(END, start);
  if (start === -1 || end === -1) return null;
  return `${page.slice(0, start + START.length)}\n\n${table.trim()}\n\n${page.slice(end)}`;
}

export function publish(repoRoot: string, svgFile: string, table: string): string[] {
  const done: string[] = [];
  copyFileSync(svgFile, path.join(repoRoot, "docs", "performance.svg"));
  done.push("docs/performance.svg");
  const pageFile = path.join(repoRoot, "docs", "performance.md");
  const updated = withBenchTable(readFileSync(pageFile, "utf8"), table);
  if (updated === null) {
    done.push(`docs/performance.md left alone (no ${START} … ${END} markers)`);
  } else {
    writeFileSync(pageFile, updated);
    done.push("docs/performance.md (the table between the bench markers)");
  }
  return done;
}
