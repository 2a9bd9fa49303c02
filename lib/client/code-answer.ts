import "client-only";

/**
 * Answers that are code without a Markdown fence (a model told "only code"
 * often sends bare code): Markdown would fold their newlines and indentation
 * into paragraphs, so they are shown as one code block instead.
 */

/** Words that start a line of code in the languages /generate offers, and rarely a sentence. */
const KEYWORD_START =
  /^(?:import|export|from|const|let|var|function|def|class|interface|type|enum|struct|impl|fn|pub|package|func|public|private|protected|static|return|if|elif|else|for|while|switch|case|try|catch|except|finally|async|await|use|using|namespace|module|require|include|select|insert|update|delete|create|alter|with|echo|set|exit|cd|local|val|fun|end|do|then|fi|done)\b/i;
/** Punctuation that ends a line of code: a statement, a block, a list, a Python header. */
const CODE_ENDING = /(?:[;{}[\](,]|\):|=>|\belse:|\btry:|\bfinally:)\s*$/;
/** Operators and shapes found inside code and seldom in prose. */
const CODE_INSIDE = /=>|->|::|==|!=|&&|\|\||\+=|\w\(.*\)|^\s*(?:\/\/|\/\*|\*|#!|#include|#\s|--\s|<\/?[a-z][\w-]*[\s>])|^[\w.-]+\s*[:=]\s*\S/;

function looksLikeCodeLine(line: string): boolean {
  const trimmed = line.trim();
  if (/^(?: {2,}|\t)\S/.test(line)) return true;
  return KEYWORD_START.test(trimmed) || CODE_ENDING.test(trimmed) || CODE_INSIDE.test(trimmed);
}

/**
 * Whether text with no fence reads as code: at least two lines, most of
 * them (or, when a language was chosen, a good part of them) shaped like
 * code by their indentation, punctuation, keywords or operators. Prose
 * ending in full stops does not.
 */
export function looksLikeCode(text: string, languageChosen = false): boolean {
  const lines = text.split("\n").filter((line) => line.trim().length > 0);
  if (lines.length < 2) return false;
  const code = lines.filter(looksLikeCodeLine).length;
  return code / lines.length >= (languageChosen ? 0.4 : 0.6);
}

/**
 * The answer as Markdown to render: unchanged when it has a fence or reads
 * as prose; otherwise wrapped in a fence tagged with `language`, longer than
 * any run of backticks inside so nothing can close it early.
 */
export function asMarkdownAnswer(text: string, language: string | null): string {
  if (/^\s*(?:```|~~~)/m.test(text) || !looksLikeCode(text, language !== null)) return text;
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${language ?? ""}\n${text.replace(/\n+$/, "")}\n${fence}\n`;
}

const EXTENSIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  typescript: "ts", ts: "ts", tsx: "ts",
  javascript: "js", js: "js", jsx: "js", mjs: "js",
  python: "py", py: "py",
  go: "go", golang: "go",
  rust: "rs", rs: "rs",
  java: "java",
  kotlin: "kt", kt: "kt",
  csharp: "cs", cs: "cs", "c#": "cs",
  cpp: "cpp", "c++": "cpp", cc: "cpp", cxx: "cpp",
  c: "c",
  ruby: "rb", rb: "rb",
  php: "php",
  swift: "swift",
  sql: "sql",
  bash: "sh", sh: "sh", shell: "sh", zsh: "sh",
  html: "html",
  css: "css",
}));

/** The file extension for a code block's language tag or a chosen language; "txt" when unknown. */
export function fileExtensionFor(language: string | null | undefined): string {
  return (language && EXTENSIONS.get(language.toLowerCase())) || "txt";
}
