import "#server-only";
import pino, { type Logger } from "pino";
import { getEnv } from "./env";

/**
 * Server log: pino, one JSON object per line on stderr, written synchronously
 * (no transport, no worker thread). The level is LOG_LEVEL, else `info`
 * (`warn` under tests).
 *
 * Callers pass an event name and plain fields. Whatever reaches the log goes
 * through one redaction list, so a password, token, cookie or API key in a
 * field or on an error's own properties (an HTTP client's `config.headers`,
 * say) is written as "[redacted]".
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

/** Property names whose values are secrets, in the spellings code and HTTP headers use. */
const SECRET_KEYS = [
  "password", "currentPassword", "newPassword", "passwordHash", "hash",
  "token", "sessionToken", "accessToken", "refreshToken", "idToken", "csrfToken",
  "secret", "clientSecret", "cookie", "cookies", "authorization", "apiKey", "apiKeys", "key",
  "set-cookie", "Set-Cookie", "proxy-authorization", "Proxy-Authorization", "x-api-key", "X-Api-Key", "X-API-Key",
];
/**
 * Redaction paths match at a fixed depth, so a secret key is found from a
 * field down to `err.response.config.headers.authorization` (depth 6); an
 * error's properties nested deeper than that are cut off, never written.
 */
const REDACT_DEPTH = 6;

function redactPaths(): string[] {
  const names = new Set(SECRET_KEYS.flatMap((key) => [key, key.charAt(0).toUpperCase() + key.slice(1), key.toUpperCase()]));
  const paths: string[] = [];
  for (let depth = 0; depth < REDACT_DEPTH; depth += 1) {
    const parent = Array.from({ length: depth }, () => "*").join(".");
    for (const name of names) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) paths.push(`${parent}["${name}"]`);
      else paths.push(parent ? `${parent}.${name}` : name);
    }
  }
  return paths;
}

/** An Error as a plain object at `depth`: name, message, stack, its own properties (then redacted) and its cause. */
function serializeError(error: Error, depth = 1): Record<string, unknown> {
  const serialized: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) if (!(key in serialized)) serialized[key] = withinRedactDepth(value, depth + 1);
  if (error.cause !== undefined) serialized.cause = withinRedactDepth(error.cause, depth + 1);
  return serialized;
}

/** A copy of `value` (at `depth`) without objects nested past the redaction paths' reach. */
function withinRedactDepth(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth >= REDACT_DEPTH) return "[too deep to log]";
  if (value instanceof Error) return serializeError(value, depth);
  if (Array.isArray(value)) return value.map((item) => withinRedactDepth(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withinRedactDepth(item, depth + 1)]));
}

/** LOG_LEVEL, else the default; a broken configuration must not stop an error from being logged. */
function level(): string {
  try {
    const env = getEnv();
    return env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "warn" : "info");
  } catch {
    return "info";
  }
}

let logger: Logger | undefined;

/** Built on first use, after the environment is there (not while `next build` imports modules). */
function getLogger(): Logger {
  logger ??= pino(
    {
      level: level(),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
      redact: { paths: redactPaths(), censor: "[redacted]" },
    },
    // process.stderr writes synchronously on Linux for files, pipes and terminals.
    process.stderr,
  );
  return logger;
}

export const log = {
  info: (event: string, fields?: Fields) => getLogger().info({ ...fields, event }),
  warn: (event: string, fields?: Fields) => getLogger().warn({ ...fields, event }),
  error(event: string, error: unknown, fields?: Fields) {
    const err = error instanceof Error ? error : new Error(String(error));
    getLogger().error({ ...fields, event, err });
  },
};
