import { loadEnvConfig } from "@next/env";
import { runningEmbeddedUri, startEmbeddedMongo } from "./embedded-mongo";

/**
 * For maintenance scripts (seed, rotate-keys): loads .env files and settles
 * MONGODB_URI: the one configured, else the embedded database a running
 * `npm run dev` publishes, else that embedded database started here. Returns
 * a function that stops what was started. Call it before importing app
 * modules: the app reads its configuration once.
 */
export async function prepareScriptDatabase(root = process.cwd()): Promise<() => Promise<void>> {
  loadEnvConfig(root, process.env.NODE_ENV !== "production");
  if (process.env.MONGODB_URI) return async () => undefined;
  const running = runningEmbeddedUri(root);
  if (running) {
    process.env.MONGODB_URI = running;
    return async () => undefined;
  }
  const embedded = await startEmbeddedMongo(root);
  process.env.MONGODB_URI = embedded.uri;
  return () => embedded.stop();
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
