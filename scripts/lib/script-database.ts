import { loadEnvConfig } from "@next/env";
import { runningDevDatabase } from "./dev-database-file";
import { describeConfiguredDatabase, startLocalDatabase } from "./local-database";

/**
 * For maintenance scripts (seed, rotate-keys): loads .env files and settles
 * MONGODB_URI: the one configured, else the database a running `npm run dev`
 * published, else the same local database started here (see
 * local-database.ts). Prints which one, and returns a function that stops
 * what was started. Call it before importing app modules: the app reads its
 * configuration once.
 */
export async function prepareScriptDatabase(root = process.cwd()): Promise<() => Promise<void>> {
  loadEnvConfig(root, process.env.NODE_ENV !== "production");
  const configured = process.env.MONGODB_URI;
  if (configured) {
    console.log(describeConfiguredDatabase("MONGODB_URI", configured));
    return async () => undefined;
  }
  const running = runningDevDatabase(root);
  if (running) {
    console.log(`${running.summary}; shared with the running npm run dev (pid ${running.pid})`);
    process.env.MONGODB_URI = running.uri;
    return async () => undefined;
  }
  const database = await startLocalDatabase({ purpose: "dev", root });
  console.log(database.summary);
  process.env.MONGODB_URI = database.uri;
  return () => database.stop();
}

/** Runs a script's main, printing a one-line failure and exiting non-zero on error. */
export function runScript(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
