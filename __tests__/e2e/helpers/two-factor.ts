import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { generate } from "otplib";
import { repoRoot } from "./next-process";

/**
 * Two-step verification for browser tests: turned on in the app's own
 * database with the app's own ENCRYPTION_KEYS (helpers/enable-totp.ts, run
 * as a script, so this test process never opens the app's modules), and the
 * authenticator app's current code.
 */

/** The vault key the app under test is started with (`appInBrowserForThisFile({ env: TWO_FACTOR_APP_ENV })`). */
export const TWO_FACTOR_APP_ENV = { ENCRYPTION_KEYS: "e2e1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" };

/** Turns TOTP on for the account with `email`: its secret and a fresh set of recovery codes. */
export async function enableTotpInApp(server: { databaseUri: string }, email: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { stdout } = await promisify(execFile)(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(__dirname, "enable-totp.ts"), email], {
    cwd: repoRoot,
    env: { ...process.env, ...TWO_FACTOR_APP_ENV, NEXTAUTH_SECRET: "unused-by-this-script-0123456789abcdef", MONGODB_URI: server.databaseUri, NODE_ENV: "test" },
  });
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines.at(-1) ?? "{}") as { secret: string; recoveryCodes: string[] };
}

/** What the authenticator app shows now. */
export function currentTotpCode(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) });
}
