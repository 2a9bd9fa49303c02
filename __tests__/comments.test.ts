import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Comments and docs stay true when code moves: every repository path a
 * comment in app code quotes (`lib/core/env.ts`, `styles/globals.css:8`), and
 * every path or relative link in README.md and docs/*.md, must exist. A path
 * is only checked when it starts at one of the repository's top-level folders
 * and is not preceded by `/`, `.`, `@` or a word character, so URLs
 * (`https://x/lib/…`), package paths (`next-auth/providers/…`) and relative
 * imports (`./lib/…`) are left alone; globs and placeholders
 * (`models/*.policy.ts`, `lib/<feature>/`, `lib/{feature}/index.ts`) are skipped.
 */

const root = path.resolve(__dirname, "..");

/** Where app code lives: every comment in these is checked. */
const CODE_ROOTS = ["lib", "components", "pages", "models", "scripts", "bench", "__tests__", "styles", "types", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts"];
const CODE_FILE = /\.(ts|tsx|js|cjs|mjs|css)$/;
/** A quoted path starts at one of these. */
const TOP_LEVEL = ["__tests__", "bench", "components", "docs", "lib", "models", "pages", "public", "scripts", "styles", "tools", "types", "\\.ci"];
const QUOTED_PATH = new RegExp(`(?<![\\w./@-])(?:@/)?((?:${TOP_LEVEL.join("|")})/[\\w.\\-\\[\\]/*<>{}…$]*)(?::(\\d+))?`, "g");
const PLACEHOLDER = /[*<>{}…$]/;
/** Module paths in comments often leave the extension out, as imports do. */
const IMPLIED_ENDINGS = ["", ".ts", ".tsx", ".js", ".cjs", "/index.ts"];
/** Markdown code blocks in these languages are examples of code a reader would write, naming files that need not exist. */
const EXAMPLE_FENCE = /^```(ts|tsx|js|json)\b/;

/** The .gitignore's folders: generated or local-only, so a path into them need not exist in a checkout. */
const ignoredFolders = readFileSync(path.join(root, ".gitignore"), "utf8")
  .split("\n")
  .filter((line) => line.endsWith("/"))
  .map((line) => line.replace(/^\//, "").replace(/\/$/, ""));

function isIgnored(repoPath: string): boolean {
  const segments = repoPath.split("/");
  return ignoredFolders.some((folder) =>
    folder.includes("/") ? `${repoPath}/`.startsWith(`${folder}/`) : segments.includes(folder),
  );
}

function codeFiles(entry: string): string[] {
  if (isIgnored(entry) || !existsSync(path.join(root, entry))) return [];
  if (!statSync(path.join(root, entry)).isDirectory()) return CODE_FILE.test(entry) ? [entry] : [];
  return readdirSync(path.join(root, entry)).flatMap((name) => codeFiles(`${entry}/${name}`));
}

/** A comment's text without its `//`, `/*` or `*\/`, so a path just before the end is not read as a glob. */
const bodyOf = (comment: string): string => comment.replace(/^\/[/*]|\*\/$/g, "");

/** Every comment in a TypeScript, JavaScript or CSS file (parsed, so `//` inside strings and URLs is no comment). */
function commentsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  if (file.endsWith(".css")) return (text.match(/\/\*[\s\S]*?\*\//g) ?? []).map(bodyOf);
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const comments = new Map<number, string>();
  // Every comment is trivia around some token: leading ones from its start, same-line ones after its end.
  const visit = (node: ts.Node): void => {
    for (const range of [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])]) {
      comments.set(range.pos, bodyOf(text.slice(range.pos, range.end)));
    }
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...comments.values()];
}

/** Whether `repoPath` (with an optional line) exists, from the repository root or any folder above `from`. */
function exists(repoPath: string, line: string | undefined, from: string): boolean {
  const bases = [root];
  for (let dir = path.dirname(from); dir !== "."; dir = path.dirname(dir)) bases.push(path.join(root, dir));
  for (const base of bases) {
    for (const ending of IMPLIED_ENDINGS) {
      const candidate = path.join(base, repoPath + ending);
      if (!existsSync(candidate)) continue;
      if (line === undefined) return true;
      return statSync(candidate).isFile() && Number(line) <= readFileSync(candidate, "utf8").split("\n").length;
    }
  }
  return false;
}

/** The repository paths quoted in `text` that do not exist, as `path` or `path:line`. */
function missingPaths(text: string, from: string, { nearFile }: { nearFile: boolean }): string[] {
  const missing: string[] = [];
  for (const [, quoted = "", line] of text.matchAll(QUOTED_PATH)) {
    let repoPath = quoted;
    // Sentence punctuation, or the `]` closing a Markdown link's text.
    while (repoPath.endsWith(".") || (repoPath.endsWith("]") && !repoPath.includes("["))) repoPath = repoPath.slice(0, -1);
    if (PLACEHOLDER.test(repoPath) || isIgnored(repoPath)) continue;
    if (!exists(repoPath, line, nearFile ? from : ".")) missing.push(line ? `${repoPath}:${line}` : repoPath);
  }
  return missing;
}

/** `text` without its example code blocks (see EXAMPLE_FENCE); other blocks (folder maps, commands) are kept. */
function withoutExamples(text: string): string {
  const kept: string[] = [];
  let inExample = false;
  let inFence = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) {
      if (!inFence) inExample = EXAMPLE_FENCE.test(line);
      inFence = !inFence;
      if (!inFence) inExample = false;
      continue;
    }
    if (!inExample) kept.push(line);
  }
  return kept.join("\n");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(markdownFile: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of readFileSync(markdownFile, "utf8").split("\n")) {
    if (line.startsWith("```")) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const anchor = anchorOf((heading[1] ?? "").trim());
    let unique = anchor;
    for (let n = 1; anchors.has(unique); n++) unique = `${anchor}-${n}`;
    anchors.add(unique);
  }
  return anchors;
}

/** Relative links and images in a Markdown file whose target (or its heading anchor) does not exist. */
function brokenLinks(file: string): string[] {
  const text = withoutExamples(readFileSync(path.join(root, file), "utf8"));
  const broken: string[] = [];
  for (const [, target = ""] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:, …
    const [linkPath = "", anchor] = target.split("#");
    const resolved = linkPath ? path.resolve(root, path.dirname(file), linkPath) : path.join(root, file);
    if (!resolved.startsWith(root) || !existsSync(resolved)) broken.push(target);
    else if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) broken.push(target);
  }
  return broken;
}

const markdownFiles = ["README.md", ...readdirSync(path.join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];

describe("paths stay true", () => {
  it("every repository path a comment in app code quotes exists", () => {
    const stale = CODE_ROOTS.flatMap(codeFiles).flatMap((file) =>
      commentsOf(file).flatMap((comment) => missingPaths(comment, file, { nearFile: true }).map((quoted) => `${file}: ${quoted}`)),
    );
    expect(stale).toEqual([]);
  });

  it("every repository path and relative link in README.md and docs/ exists", () => {
    const stale = markdownFiles.flatMap((file) => [
      ...missingPaths(withoutExamples(readFileSync(path.join(root, file), "utf8")), file, { nearFile: false }),
      ...brokenLinks(file),
    ].map((quoted) => `${file}: ${quoted}`));
    expect(stale).toEqual([]);
  });

  it("finds what it should and nothing else", () => {
    const found = missingPaths(
      [
        "see lib/core/gone.ts, `styles/globals.css:99999` and (lib/auth/options.ts:1)",
        "@/lib/nowhere, https://example.com/lib/x.ts, next-auth/lib/x, ./lib/x.ts",
        "models/*.policy.ts, lib/<feature>/, lib/{feature}/index.ts, .data/mail/x.eml, bench/results/latest.md",
      ].join("\n"),
      "README.md",
      { nearFile: false },
    );
    expect(found).toEqual(["lib/core/gone.ts", "styles/globals.css:99999", "lib/nowhere"]);
  });
});
