import "#server-only";
import { EnvError, getEnv } from "./env";

/**
 * Imported once at server start (see instrumentation.ts): a bad configuration
 * stops the server here, one line per problem, instead of failing mid-request.
 */
try {
  getEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
