import { randomBytes } from "node:crypto";
import { adminTwoFactorRequired, EnvError, findEnvProblems, parseEnv, secureCookies } from "@/lib/core/env";

const key = (byte: number) => Buffer.alloc(32, byte).toString("base64");

const valid = {
  MONGODB_URI: "mongodb://127.0.0.1:27017/app",
  NEXTAUTH_SECRET: "s".repeat(32),
  ENCRYPTION_KEYS: `k1:${key(1)}`,
};

/** What production needs to send mail (development writes it to a folder). */
const mail = { EMAIL_SERVER: "smtp://keyforge:password@smtp.example.org:587", EMAIL_FROM: "KeyForge <no-reply@example.org>" };

describe("environment validation", () => {
  it("accepts a minimal configuration and fills in the documented defaults", () => {
    const env = parseEnv(valid);
    expect(env.BCRYPT_COST).toBe(10);
    expect(env.SESSION_MAX_AGE).toBe(2_592_000);
    expect(env.SESSION_REVALIDATE_SECONDS).toBe(60);
    expect(env.TRUST_PROXY).toBe(false);
    expect(env.SIGNIN_MAX_FAILURES_PER_EMAIL).toBe(5);
    expect(env.SIGNIN_LOCKOUT_SECONDS).toBe(900);
  });

  it("says what to do about a missing secret", () => {
    expect(findEnvProblems({ MONGODB_URI: valid.MONGODB_URI, ENCRYPTION_KEYS: valid.ENCRYPTION_KEYS })).toEqual([
      "NEXTAUTH_SECRET is missing: run npm run dev once, or set it in .env.local",
    ]);
  });

  it("treats an empty value as missing", () => {
    expect(findEnvProblems({ ...valid, MONGODB_URI: "" })).toEqual([
      "MONGODB_URI is missing: run npm run dev (it starts a local database), or set it in .env.local",
    ]);
  });

  it("lists every problem, one line each, before failing", () => {
    const source = { ...valid, MONGODB_URI: "postgres://db", NEXTAUTH_SECRET: "short", BCRYPT_COST: "8", TRUST_PROXY: "yes" };
    expect(findEnvProblems(source)).toEqual([
      "MONGODB_URI must be a mongodb:// or mongodb+srv:// connection string",
      "NEXTAUTH_SECRET must be at least 32 bytes (use: openssl rand -base64 32)",
      "BCRYPT_COST must be at least 10",
      "TRUST_PROXY must be true or false",
    ]);
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(/- BCRYPT_COST must be at least 10/);
  });

  it("parses ENCRYPTION_KEYS into keys, the first one current", () => {
    const env = parseEnv({ ...valid, ENCRYPTION_KEYS: `k2:${key(2)}, k1:${key(1)}` });
    expect(env.ENCRYPTION_KEYS.map((entry) => entry.id)).toEqual(["k2", "k1"]);
    expect(env.ENCRYPTION_KEYS[0]?.key).toEqual(Buffer.alloc(32, 2));
  });

  it("explains a malformed ENCRYPTION_KEYS, and refuses to run without one in production", () => {
    expect(findEnvProblems({ ...valid, ENCRYPTION_KEYS: `k1:${Buffer.alloc(16).toString("base64")}` })).toEqual([
      "ENCRYPTION_KEYS entry 1 must be 32 bytes of base64 (openssl rand -base64 32)",
    ]);
    expect(findEnvProblems({ ...valid, ENCRYPTION_KEYS: `k1:${key(1)},k1:${key(2)}` })).toEqual([
      "ENCRYPTION_KEYS entry 2 repeats the id of entry 1",
    ]);
    const production = { NODE_ENV: "production", NEXTAUTH_URL: "https://keys.example.org", NEXTAUTH_SECRET: randomBytes(32).toString("hex"), ...mail };
    expect(findEnvProblems({ ...valid, ...production, ENCRYPTION_KEYS: undefined })).toEqual([
      'ENCRYPTION_KEYS is missing: set it to "k1:<openssl rand -base64 32>"; production never generates keys',
    ]);
  });

  it("parses numbers and booleans from their string form", () => {
    const env = parseEnv({ ...valid, BCRYPT_COST: "12", TRUST_PROXY: "true", SESSION_REVALIDATE_SECONDS: "0" });
    expect(env).toMatchObject({ BCRYPT_COST: 12, TRUST_PROXY: true, SESSION_REVALIDATE_SECONDS: 0 });
  });
});

describe("production configuration", () => {
  const production = {
    ...valid,
    ...mail,
    NODE_ENV: "production",
    NEXTAUTH_URL: "https://keys.example.org",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  };

  it("accepts an https site with a random secret", () => {
    expect(findEnvProblems(production)).toEqual([]);
  });

  it("refuses to run without NEXTAUTH_URL", () => {
    expect(findEnvProblems({ ...production, NEXTAUTH_URL: undefined })).toEqual([
      "NEXTAUTH_URL is missing: set it to the site's public https:// URL; production builds cookies and redirects from it",
    ]);
  });

  it("refuses plain http on a real host unless ALLOW_INSECURE_HTTP=true says so", () => {
    const insecure = { ...production, NEXTAUTH_URL: "http://keys.example.org" };
    expect(findEnvProblems(insecure)).toEqual([
      "NEXTAUTH_URL must be https:// in production (http:// only for localhost, 127.0.0.1 or [::1], or with ALLOW_INSECURE_HTTP=true)",
    ]);
    expect(findEnvProblems({ ...insecure, ALLOW_INSECURE_HTTP: "true" })).toEqual([]);
    expect(findEnvProblems({ ...insecure, ALLOW_INSECURE_HTTP: "false" })).toHaveLength(1);
    for (const local of ["http://localhost:3000", "http://127.0.0.1:4000", "http://[::1]:3000"]) {
      expect(findEnvProblems({ ...production, NEXTAUTH_URL: local })).toEqual([]);
    }
    // A name that only starts like a local host is a real host.
    expect(findEnvProblems({ ...production, NEXTAUTH_URL: "http://localhost.attacker.example" })).toHaveLength(1);
  });

  it("measures NEXTAUTH_SECRET in bytes of UTF-8, not characters", () => {
    expect(findEnvProblems({ ...valid, NEXTAUTH_SECRET: "x".repeat(31) + "!" })).toEqual([]);
    expect(findEnvProblems({ ...production, NEXTAUTH_SECRET: randomBytes(23).toString("base64url") })).toEqual([
      "NEXTAUTH_SECRET must be at least 32 bytes (use: openssl rand -base64 32)",
    ]);
    // 16 two-byte characters: 32 bytes, accepted; 31 one-byte characters: refused.
    expect(findEnvProblems({ ...production, NEXTAUTH_SECRET: "éàüöäçñßøåæœłžšč" })).toEqual([]);
    expect(findEnvProblems({ ...production, NEXTAUTH_SECRET: randomBytes(24).toString("base64").slice(0, 31) })).toHaveLength(1);
  });

  it("refuses an example or placeholder secret in production only", () => {
    const placeholders = [
      "change-me-to-a-long-random-string-please",
      "your-nextauth-secret-goes-here-1234567890",
      "REPLACE_WITH_OPENSSL_RAND_BASE64_32_OUTPUT",
      "s".repeat(32),
      "abcabcabcabcabcabcabcabcabcabcabc",
    ];
    for (const secret of placeholders) {
      expect(findEnvProblems({ ...production, NEXTAUTH_SECRET: secret })).toEqual([
        "NEXTAUTH_SECRET looks like an example or placeholder value, not a random secret (use: openssl rand -base64 32)",
      ]);
      expect(findEnvProblems({ ...valid, NEXTAUTH_SECRET: secret })).toEqual([]);
    }
  });

  it("refuses to run without a mail server and a sender: nobody could reset a password", () => {
    expect(findEnvProblems({ ...production, EMAIL_SERVER: undefined, EMAIL_FROM: undefined })).toEqual([
      "EMAIL_SERVER is missing: set it to your SMTP server (smtp://user:password@host:587); password resets and email confirmations are sent through it",
      'EMAIL_FROM is missing: set the sender of the account emails, like "KeyForge <no-reply@example.com>"',
    ]);
    expect(findEnvProblems({ ...valid, EMAIL_SERVER: undefined, EMAIL_FROM: undefined })).toEqual([]);
  });

  it("validates the mail server's URL and the sender's address", () => {
    expect(findEnvProblems({ ...production, EMAIL_SERVER: "https://smtp.example.org" })).toEqual([
      "EMAIL_SERVER must be an SMTP URL, like smtp://user:password@smtp.example.com:587",
    ]);
    expect(findEnvProblems({ ...production, EMAIL_FROM: "KeyForge" })).toEqual([
      'EMAIL_FROM must be an address, like "KeyForge <no-reply@example.com>"',
    ]);
    expect(findEnvProblems({ ...production, EMAIL_SERVER: "smtps://u:p@smtp.example.org:465", EMAIL_FROM: "no-reply@example.org" })).toEqual([]);
  });

  it("lists production refusals together with every other problem", () => {
    expect(findEnvProblems({ NODE_ENV: "production", NEXTAUTH_SECRET: "short", ENCRYPTION_KEYS: valid.ENCRYPTION_KEYS, ...mail })).toEqual([
      "MONGODB_URI is missing: production does not start an embedded database; set it to your MongoDB's connection string",
      "NEXTAUTH_SECRET must be at least 32 bytes (use: openssl rand -base64 32)",
      "NEXTAUTH_URL is missing: set it to the site's public https:// URL; production builds cookies and redirects from it",
    ]);
  });

  it("validates LOG_LEVEL", () => {
    expect(parseEnv({ ...valid, LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
    expect(findEnvProblems({ ...valid, LOG_LEVEL: "loud" })).toEqual([
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    ]);
  });
});

describe("secureCookies", () => {
  const env = (source: Record<string, string | undefined>) => parseEnv({ ...valid, ...mail, ...source });

  it("is on for an https site, and in production even on http", () => {
    expect(secureCookies(env({ NEXTAUTH_URL: "https://keys.example.org" }))).toBe(true);
    expect(secureCookies(env({ NODE_ENV: "production", NEXTAUTH_URL: "http://127.0.0.1:3000", NEXTAUTH_SECRET: randomBytes(32).toString("hex") }))).toBe(true);
  });

  it("is off only for http outside production, or with ALLOW_INSECURE_HTTP=true", () => {
    expect(secureCookies(env({ NEXTAUTH_URL: "http://localhost:3000" }))).toBe(false);
    expect(secureCookies(env({ NODE_ENV: "test" }))).toBe(false);
    const insecure = { NODE_ENV: "production", NEXTAUTH_URL: "http://intranet.lan", ALLOW_INSECURE_HTTP: "true" };
    expect(secureCookies(env({ ...insecure, NEXTAUTH_SECRET: randomBytes(32).toString("hex") }))).toBe(false);
  });
});

describe("REQUIRE_ADMIN_TWO_FACTOR", () => {
  const env = (source: Record<string, string | undefined>) => parseEnv({ ...valid, ...mail, ...source });
  const production = { NODE_ENV: "production", NEXTAUTH_URL: "https://keys.example.org", NEXTAUTH_SECRET: randomBytes(32).toString("hex") };

  it("is on by default in production, off elsewhere", () => {
    expect(adminTwoFactorRequired(env(production))).toBe(true);
    expect(adminTwoFactorRequired(env({ NODE_ENV: "development" }))).toBe(false);
    expect(adminTwoFactorRequired(env({ NODE_ENV: "test" }))).toBe(false);
  });

  it("follows the variable when it is set, and refuses anything but true or false", () => {
    expect(adminTwoFactorRequired(env({ ...production, REQUIRE_ADMIN_TWO_FACTOR: "false" }))).toBe(false);
    expect(adminTwoFactorRequired(env({ NODE_ENV: "development", REQUIRE_ADMIN_TWO_FACTOR: "true" }))).toBe(true);
    expect(findEnvProblems({ ...valid, REQUIRE_ADMIN_TWO_FACTOR: "yes" })).toEqual(["REQUIRE_ADMIN_TWO_FACTOR must be true or false"]);
  });
});

describe("code generation settings", () => {
  it("defaults to Together AI's API, a list of code models and the documented limits", () => {
    const env = parseEnv(valid);
    expect(env.TOGETHER_API_BASE_URL).toBe("https://api.together.xyz/v1");
    expect(env.TOGETHER_MODELS.length).toBeGreaterThan(1);
    expect(env.TOGETHER_DEFAULT_MODEL).toBeUndefined();
    expect([env.GENERATE_MAX_PER_MINUTE, env.GENERATE_MAX_PER_DAY]).toEqual([20, 200]);
    expect([env.GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS, env.GENERATE_IDLE_TIMEOUT_SECONDS]).toEqual([30, 30]);
  });

  it("reads TOGETHER_MODELS as a trimmed list without blanks or repeats", () => {
    expect(parseEnv({ ...valid, TOGETHER_MODELS: " a/one , b/two,,a/one " }).TOGETHER_MODELS).toEqual(["a/one", "b/two"]);
  });

  it("refuses a default model off the list, an empty list and a base URL that is not http(s)", () => {
    expect(findEnvProblems({ ...valid, TOGETHER_MODELS: "a/one", TOGETHER_DEFAULT_MODEL: "b/two" })).toEqual([
      "TOGETHER_DEFAULT_MODEL must be one of TOGETHER_MODELS",
    ]);
    expect(findEnvProblems({ ...valid, TOGETHER_MODELS: " , " })).toEqual(["TOGETHER_MODELS must list at least one model"]);
    expect(findEnvProblems({ ...valid, TOGETHER_API_BASE_URL: "ftp://models.example" })).toEqual([
      "TOGETHER_API_BASE_URL must be an http(s) URL, like https://api.together.xyz/v1",
    ]);
  });
});
