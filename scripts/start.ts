/**
 * `npm start`: checks the production configuration first and refuses to start,
 * one line per problem, rather than serving a broken app.
 */
import { loadEnvConfig } from "@next/env";
import { findEnvProblems } from "@/lib/core/env";
import { runNext } from "./lib/next-bin";

loadEnvConfig(process.cwd(), false);
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
const problems = findEnvProblems(env);
if (problems.length > 0) {
  for (const problem of problems) console.error(`Refusing to start: ${problem}`);
  process.exit(1);
}
runNext(["start", ...process.argv.slice(2)], env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
