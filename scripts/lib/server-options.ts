import { parseArgs } from "node:util";

/** Where `npm start` listens and which app it serves: `next start`'s own options. */
interface ServerOptions {
  dir: string;
  port: number;
  /** Undefined: every interface, as `next start` without `-H`. */
  hostname: string | undefined;
  keepAliveTimeoutMs: number | undefined;
}

function positiveInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, not "${value}"`);
  return parsed;
}

/**
 * `next start`'s command line: `[directory] -p/--port <port> -H/--hostname
 * <host> --keepAliveTimeout <ms>`, the port from PORT when no flag gives it,
 * else 3000. Like `next start`, HOSTNAME is not read (Docker sets it to the
 * container's id).
 */
export function parseServerOptions(args: string[], env: Record<string, string | undefined>, cwd: string): ServerOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: "string", short: "p" },
      hostname: { type: "string", short: "H" },
      keepAliveTimeout: { type: "string" },
    },
  });
  const port = values.port ?? env.PORT;
  return {
    dir: positionals[0] ?? cwd,
    port: port === undefined || port === "" ? 3000 : positiveInteger("--port", port),
    hostname: values.hostname,
    keepAliveTimeoutMs: values.keepAliveTimeout === undefined ? undefined : positiveInteger("--keepAliveTimeout", values.keepAliveTimeout),
  };
}
