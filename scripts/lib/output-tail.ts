/** The last `lines` lines of `text` (a trailing newline does not count as a line). */
export function lastLines(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
