import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * `npm start` with a configuration production must not run with: it exits 1
 * with one "Refusing to start" line per problem, before Next is started (no
 * build is needed, and none would be found). Every variable is given (empty
 * means unset), so no .env file can change the outcome.
 */
async function start(overrides: Record<string, string>) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    MONGODB_URI: "mongodb://127.0.0.1:27018/start_test",
    NEXTAUTH_URL: "https://keys.example.org",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    EMAIL_SERVER: "smtp://keyforge:password@smtp.example.org:587",
    EMAIL_FROM: "KeyForge <no-reply@example.org>",
    ALLOW_INSECURE_HTTP: "",
    ...overrides,
  };
  try {
    await run("npx", ["tsx", "scripts/start.ts"], { env, timeout: 30_000 });
    throw new Error("npm start did not refuse");
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, lines: stderr.trim().split("\n") };
  }
}

describe("npm start", () => {
  it("refuses without NEXTAUTH_URL and with a secret under 32 bytes, one line each", async () => {
    const result = await start({ NEXTAUTH_URL: "", NEXTAUTH_SECRET: randomBytes(23).toString("base64url") });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      "Refusing to start: NEXTAUTH_SECRET must be at least 32 bytes (use: openssl rand -base64 32)",
      "Refusing to start: NEXTAUTH_URL is missing: set it to the site's public https:// URL; production builds cookies and redirects from it",
    ]);
    expect(result.stdout).toBe("");
  }, 40_000);

  it("refuses http:// on a real host and a placeholder secret; ALLOW_INSECURE_HTTP=true is the explicit way out for http", async () => {
    const result = await start({ NEXTAUTH_URL: "http://keys.example.org", NEXTAUTH_SECRET: "change-me-to-a-long-random-value-please" });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      "Refusing to start: NEXTAUTH_URL must be https:// in production (http:// only for localhost, 127.0.0.1 or [::1], or with ALLOW_INSECURE_HTTP=true)",
      "Refusing to start: NEXTAUTH_SECRET looks like an example or placeholder value, not a random secret (use: openssl rand -base64 32)",
    ]);
    const allowed = await start({ NEXTAUTH_URL: "http://keys.example.org", ALLOW_INSECURE_HTTP: "true", MONGODB_URI: "" });
    expect(allowed.lines).toEqual([
      "Refusing to start: MONGODB_URI is missing: production does not start an embedded database; set it to your MongoDB's connection string",
    ]);
  }, 40_000);
});
