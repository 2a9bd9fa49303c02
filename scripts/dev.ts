/**
 * `npm run dev`: generates missing dev secrets into .env.local, starts an
 * embedded MongoDB when MONGODB_URI is not set (data under .data/mongodb),
 * then runs `next dev` against it and stops the database when Next exits.
 */
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { runNext } from "./lib/next-bin";
import { ensureDevSecrets } from "./lib/dev-secrets";
import { startEmbeddedMongo } from "./lib/embedded-mongo";

async function main(): Promise<number> {
  const root = process.cwd();
  loadEnvConfig(root, true);
  for (const name of ensureDevSecrets(root)) console.log(`Generated ${name} into .env.local (development only).`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  // NextAuth builds its callback and redirect URLs from NEXTAUTH_URL: match the port dev serves on.
  env.NEXTAUTH_URL ??= `http://localhost:${devPort(process.argv.slice(2), env)}`;
  let embedded: Awaited<ReturnType<typeof startEmbeddedMongo>> | undefined;
  if (!env.MONGODB_URI) {
    embedded = await startEmbeddedMongo(root);
    env.MONGODB_URI = embedded.uri;
    console.log(`Embedded MongoDB at ${embedded.uri}, data in ${path.relative(root, embedded.dataDir)} (set MONGODB_URI to use your own).`);
  }

  try {
    return await runNext(["dev", ...process.argv.slice(2)], env);
  } finally {
    await embedded?.stop();
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
