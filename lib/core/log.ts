import "#server-only";

/**
 * Server log: one JSON object per line on stderr.
 *
 * Callers pass an event name and plain, non-secret fields. Passwords, hashes,
 * tokens and API keys must never be handed to it; errors are reduced to their
 * name, message and stack here so nothing else on an error object leaks.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

function write(level: "info" | "warn" | "error", event: string, fields: Fields = {}): void {
  if (process.env.NODE_ENV === "test" && level === "info") return;
  process.stderr.write(`${JSON.stringify({ level, event, at: new Date().toISOString(), ...fields })}\n`);
}

export const log = {
  info: (event: string, fields?: Fields) => write("info", event, fields),
  warn: (event: string, fields?: Fields) => write("warn", event, fields),
  error(event: string, error: unknown, fields?: Fields) {
    const err = error instanceof Error ? error : new Error(String(error));
    write("error", event, { ...fields, error: err.name, message: err.message, stack: err.stack });
  },
};
