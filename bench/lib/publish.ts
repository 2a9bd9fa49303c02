import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * `npm run bench -- --publish`: the chart to docs/performance.svg, and the
 * table between the README's `<!-- bench:start -->` and `<!-- bench:end -->`
 * markers (left alone when the README has no markers).
 */

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

/** `readme` with the text between the markers replaced by `table`; null when the markers are missing. */
function withBenchTable(readme: string, table: string): string | null {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start);
  if (start === -1 || end === -1) return null;
  return `${readme.slice(0, start + START.length)}\n\n${table.trim()}\n\n${readme.slice(end)}`;
}

export function publish(repoRoot: string, svgFile: string, table: string): string[] {
  const done: string[] = [];
  copyFileSync(svgFile, path.join(repoRoot, "docs", "performance.svg"));
  done.push("docs/performance.svg");
  const readmeFile = path.join(repoRoot, "README.md");
  const updated = withBenchTable(readFileSync(readmeFile, "utf8"), table);
  if (updated === null) {
    done.push(`README.md left alone (no ${START} … ${END} markers)`);
  } else {
    writeFileSync(readmeFile, updated);
    done.push("README.md (the table between the bench markers)");
  }
  return done;
}
