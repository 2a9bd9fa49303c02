/**
 * `npm run dev`: generates missing dev secrets into .env.local, uses
 * MONGODB_URI or else starts a local database (data under .data/, see
 * scripts/lib/local-database.ts), then runs `next dev` against it and stops the
 * database when Next exits.
 */
import { constants } from "node:os";
import { loadEnvConfig } from "@next/env";
import { runNext } from "./lib/next-bin";
import { ensureDevSecrets } from "./lib/dev-secrets";
import { publishDevDatabase } from "./lib/dev-database-file";
import { describeConfiguredDatabase, startLocalDatabase, type LocalDatabase } from "./lib/local-database";

async function main(): Promise<number> {
  const root = process.cwd();
  loadEnvConfig(root, true);
  for (const name of ensureDevSecrets(root)) console.log(`Generated ${name} into .env.local (development only).`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  // NextAuth builds its callback and redirect URLs from NEXTAUTH_URL: match the port dev serves on.
  env.NEXTAUTH_URL ??= `http://localhost:${devPort(process.argv.slice(2), env)}`;
  let database: LocalDatabase | undefined;
  let withdraw: (() => void) | undefined;
  if (env.MONGODB_URI) {
    console.log(describeConfiguredDatabase("MONGODB_URI", env.MONGODB_URI));
  } else {
    database = await exitOnSignal(() => startLocalDatabase({ purpose: "dev", root }));
    env.MONGODB_URI = database.uri;
    console.log(database.summary);
    withdraw = publishDevDatabase(root, database);
  }

  if (env.EMAIL_SERVER) console.log("Mail: sent through EMAIL_SERVER.");
  else console.log(`Mail: written to ${env.MAILBOX_DIR ?? ".data/mail"}, read it at ${env.NEXTAUTH_URL}/dev/mailbox (set EMAIL_SERVER to send it).`);

  try {
    return await runNext(["dev", ...process.argv.slice(2)], env);
  } finally {
    withdraw?.();
    await database?.stop();
  }
}

/**
 * Runs `start`, turning Ctrl-C or SIGTERM meanwhile into an exit, which stops
 * whatever it had started by then (it hooks the process's exit). Once Next
 * runs, runNext forwards those signals to it instead.
 */
async function exitOnSignal<T>(start: () => Promise<T>): Promise<T> {
  const exit = (signal: NodeJS.Signals) => process.exit(128 + constants.signals[signal]);
  process.on("SIGINT", exit);
  process.on("SIGTERM", exit);
  try {
    return await start();
  } finally {
    process.off("SIGINT", exit);
    process.off("SIGTERM", exit);
  }
}

/** The port `next dev` will listen on: `-p`/`--port`, else PORT, else 3000. */
function devPort(args: string[], env: NodeJS.ProcessEnv): string {
  const flag = args.findIndex((arg) => arg === "-p" || arg === "--port");
  const inline = args.find((arg) => arg.startsWith("--port="))?.slice("--port=".length);
  return (flag >= 0 ? args[flag + 1] : inline) ?? env.PORT ?? "3000";
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
