import { EnvError, findEnvProblems, parseEnv } from "@/lib/core/env";

const key = (byte: number) => Buffer.alloc(32, byte).toString("base64");

const valid = {
  MONGODB_URI: "mongodb://127.0.0.1:27017/app",
  NEXTAUTH_SECRET: "s".repeat(32),
  ENCRYPTION_KEYS: `k1:${key(1)}`,
};

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
      "NEXTAUTH_SECRET must be at least 32 characters (use: openssl rand -base64 32)",
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
      "ENCRYPTION_KEYS key k1 must be 32 bytes of base64 (openssl rand -base64 32)",
    ]);
    expect(findEnvProblems({ ...valid, ENCRYPTION_KEYS: `k1:${key(1)},k1:${key(2)}` })).toEqual([
      "ENCRYPTION_KEYS key id k1 appears twice",
    ]);
    expect(findEnvProblems({ ...valid, NODE_ENV: "production", ENCRYPTION_KEYS: undefined })).toEqual([
      'ENCRYPTION_KEYS is missing: set it to "k1:<openssl rand -base64 32>"; production never generates keys',
    ]);
  });

  it("parses numbers and booleans from their string form", () => {
    const env = parseEnv({ ...valid, BCRYPT_COST: "12", TRUST_PROXY: "true", SESSION_REVALIDATE_SECONDS: "0" });
    expect(env).toMatchObject({ BCRYPT_COST: 12, TRUST_PROXY: true, SESSION_REVALIDATE_SECONDS: 0 });
  });
});
