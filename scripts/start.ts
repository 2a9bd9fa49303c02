/**
 * `npm start`: checks the production configuration first and refuses to start,
 * one line per problem, rather than serving a broken app. Then serves the
 * build through Next's programmatic API in our own HTTP server, so SIGTERM or
 * SIGINT can stop it without losing work (docs/operations.md, "Graceful shutdown"):
 * readiness answers 503, connections drain up to SHUTDOWN_TIMEOUT_SECONDS,
 * the shutdown hooks flush and close, and the process exits 0.
 */
import { loadEnvConfig } from "@next/env";
import next from "next";
import { findEnvProblems, getEnv } from "@/lib/core/env";
import { runShutdownHooks } from "@/lib/core/lifecycle";
import { log } from "@/lib/core/log";
import { DrainingServer } from "./lib/draining-server";
import { parseServerOptions } from "./lib/server-options";

/** After the deadline, how long a cut-short stream gets to write its marker and record its outcome. */
const DEADLINE_GRACE_MS = 5_000;
/** How long the shutdown hooks (flush, then close) may take before the process gives up on them. */
const HOOKS_TIMEOUT_MS = 10_000;

loadEnvConfig(process.cwd(), false);
// Assigned, not spread into a copy: Next runs in this process and reads it from here.
Object.assign(process.env, { NODE_ENV: "production" });
const problems = findEnvProblems(process.env);
if (problems.length > 0) {
  for (const problem of problems) console.error(`Refusing to start: ${problem}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const options = parseServerOptions(process.argv.slice(2), process.env, process.cwd());
  const app = next({ dev: false, dir: options.dir, hostname: options.hostname ?? "localhost", port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = new DrainingServer(
    (req, res) => handle(req, res),
    (error) => log.error("server.request_failed", error),
    options.keepAliveTimeoutMs,
  );
  const port = await server.listen(options.port, options.hostname);
  console.log(`KeyForge ready on http://${options.hostname ?? "0.0.0.0"}:${port}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // Whoever sends a second signal wants out now: requests in flight are cut, hooks do not run.
      log.warn("shutdown.forced", { signal });
      process.exit(1);
    }
    stopping = true;
    void shutDown(server, signal);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function shutDown(server: DrainingServer, signal: NodeJS.Signals): Promise<void> {
  const timeoutSeconds = getEnv().SHUTDOWN_TIMEOUT_SECONDS;
  log.info("shutdown.started", { signal, timeoutSeconds });
  const drained = await server.drain(timeoutSeconds * 1000, DEADLINE_GRACE_MS);
  log.info("shutdown.requests_done", { result: drained });
  const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, HOOKS_TIMEOUT_MS, "timeout").unref());
  const outcomes = await Promise.race([runShutdownHooks(), timeout]);
  if (outcomes === "timeout") {
    log.warn("shutdown.hooks_timed_out", { timeoutMs: HOOKS_TIMEOUT_MS });
    process.exit(1);
  }
  for (const { name, phase, ok } of outcomes) log.info("shutdown.hook", { name, phase, ok });
  process.exit(outcomes.every((outcome) => outcome.ok) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
