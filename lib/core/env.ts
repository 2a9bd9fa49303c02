import "#server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { generateEncryptionKeys } from "./crypto";
import {
  booleanString,
  DAY_SECONDS,
  DEFAULT_TOGETHER_MODELS,
  domainList,
  encryptionKeys,
  LOG_LEVELS,
  mailbox,
  modelList,
  mongoUri,
  oauthCredential,
  optionalBooleanString,
  positiveInt,
  secondsList,
  sessionSeconds,
} from "./env-fields";
import { findProductionProblems } from "./production-config";

/**
 * The one place that reads configuration from `process.env`.
 *
 * Every variable is validated with zod once (on first use, and at server
 * start-up through `instrumentation.ts`); a bad configuration fails with one
 * line per problem instead of a stack trace from deep inside a request.
 */

/**
 * The sign-in providers configured by environment, each enabled only when all
 * of its required variables are set; setting some but not all is a start-up
 * error naming the missing ones (see `oauthProviderProblems`).
 */
const OAUTH_PROVIDER_VARIABLES = [
  { provider: "GitHub", required: ["GITHUB_ID", "GITHUB_SECRET"], optional: [] },
  { provider: "Google", required: ["GOOGLE_ID", "GOOGLE_SECRET"], optional: [] },
  { provider: "OpenID Connect", required: ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"], optional: ["OIDC_NAME"] },
] as const;

const envFields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  MONGODB_URI: mongoUri,
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z
    .string()
    .refine((value) => Buffer.byteLength(value, "utf8") >= 32, "must be at least 32 bytes (use: openssl rand -base64 32)"),
  ENCRYPTION_KEYS: encryptionKeys,
  BCRYPT_COST: z.coerce.number().int().min(10, "must be at least 10").max(15, "must be at most 15").default(10),
  SESSION_MAX_AGE: sessionSeconds(30 * DAY_SECONDS),
  SESSION_ABSOLUTE_MAX_AGE: sessionSeconds(90 * DAY_SECONDS),
  SESSION_REVALIDATE_SECONDS: z.coerce.number().int().min(0).default(60),
  TRUST_PROXY: booleanString,
  /** Production over plain http:// on a non-local host, and cookies without Secure: an explicit choice only. */
  ALLOW_INSECURE_HTTP: booleanString,
  LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`).optional(),
  SIGNIN_MAX_FAILURES_PER_EMAIL: positiveInt(5),
  SIGNIN_LOCKOUT_SECONDS: positiveInt(15 * 60),
  SIGNIN_MAX_PER_IP_PER_MINUTE: positiveInt(30),
  SIGNUP_MAX_PER_IP_PER_HOUR: positiveInt(20),
  TOGETHER_API_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, like https://api.together.xyz/v1" })
    .default("https://api.together.xyz/v1"),
  TOGETHER_MODELS: modelList.prefault(DEFAULT_TOGETHER_MODELS),
  TOGETHER_DEFAULT_MODEL: z.string().trim().min(1).optional(),
  /** How long a key check (on save, or "Check") waits for the provider before reporting it unreachable. */
  TOGETHER_KEY_CHECK_TIMEOUT_MS: positiveInt(10_000),
  GENERATE_MAX_PER_MINUTE: positiveInt(20),
  GENERATE_MAX_PER_DAY: positiveInt(200),
  GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS: positiveInt(30),
  GENERATE_IDLE_TIMEOUT_SECONDS: positiveInt(30),
  GENERATE_MAX_TOKENS: z.coerce.number().int().min(16).max(32_768).default(4096),
  GITHUB_ID: oauthCredential,
  GITHUB_SECRET: oauthCredential,
  GOOGLE_ID: oauthCredential,
  GOOGLE_SECRET: oauthCredential,
  /** The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: "must be the provider's issuer URL, like https://login.example.com/realms/main" })
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
  OIDC_CLIENT_ID: oauthCredential,
  OIDC_CLIENT_SECRET: oauthCredential,
  /** The OIDC button says "Continue with <OIDC_NAME>". */
  OIDC_NAME: z.string().trim().min(1).max(40, "must be at most 40 characters").default("SSO"),
  /** When set, only addresses in these domains count as verified by the OIDC provider (lib/auth/providers/openid.ts). */
  OIDC_TRUSTED_EMAIL_DOMAINS: domainList,
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465; unset in development: mails go to MAILBOX_DIR. */
  EMAIL_SERVER: z
    .url({ protocol: /^smtps?$/, error: "must be an SMTP URL, like smtp://user:password@smtp.example.com:587" })
    .optional(),
  EMAIL_FROM: mailbox.default("KeyForge <no-reply@localhost>"),
  /** Development and tests without EMAIL_SERVER: the folder the developer mailbox (/dev/mailbox) reads. */
  MAILBOX_DIR: z.string().default(".data/mail"),
  /** Password accounts must confirm their email before they can sign in. */
  REQUIRE_EMAIL_VERIFICATION: booleanString,
  /** Mails about an account (verification, reset, email change) one address can be sent per hour. */
  EMAIL_MAX_PER_ADDRESS_PER_HOUR: positiveInt(5),
  /** Requests that send such a mail, per client network per hour. */
  EMAIL_MAX_PER_IP_PER_HOUR: positiveInt(20),
  EMAIL_CODE_TRIES_PER_ADDRESS_PER_HOUR: positiveInt(15),
  EMAIL_CODE_TRIES_PER_IP_PER_HOUR: positiveInt(60),
  /** Sign in by a link sent to the address (next-auth's Email provider); unset: on wherever mail can be sent (emailSignInEnabled). */
  EMAIL_SIGNIN: optionalBooleanString,
  /** Whether a sign-in link may also create an account for an address that has none; unset: true (emailLinkSignUpAllowed). */
  EMAIL_LINK_SIGNUP: optionalBooleanString,
  /** Days a deleted account's usage records (no text) and anyone's usage are kept, for abuse limits and billing. */
  USAGE_RETENTION_DAYS: positiveInt(90),
  /** Days audit events are kept (and shown), a deleted account's included. */
  AUTH_EVENT_RETENTION_DAYS: positiveInt(90),
  /** Downloads of one's own data per account per hour. */
  DATA_EXPORTS_PER_HOUR: positiveInt(3),
  /** Seconds between a mail's delivery attempts; after the last one fails it is given up ("dead"). */
  MAIL_RETRY_DELAYS_SECONDS: secondsList("30,120,600,3600"),
  /** How long one instance holds a mail it is sending before another may try it (longer than one SMTP attempt can take). */
  MAIL_LEASE_SECONDS: positiveInt(90),
  /** How often each instance looks for mails that are due (a retry, or one a stopped instance left). */
  OUTBOX_POLL_SECONDS: positiveInt(5),
  /** Mails waiting in the outbox, in all, before sending is refused with 503 MAIL_UNAVAILABLE. */
  OUTBOX_MAX_QUEUED: positiveInt(1000),
  /** Mails waiting for one recipient before more to that address are refused with 503 MAIL_UNAVAILABLE. */
  OUTBOX_MAX_QUEUED_PER_RECIPIENT: positiveInt(20),
  /** On SIGTERM or SIGINT, how long `npm start` lets requests in flight finish before it closes them. */
  SHUTDOWN_TIMEOUT_SECONDS: positiveInt(20),
  /** The longest one database call may take before the request answers 503 with Retry-After. */
  DB_REQUEST_TIMEOUT_MS: positiveInt(3000),
  /** Admin console actions (role, disable, revoke, reset, delete, retry a mail) per admin per minute. */
  ADMIN_ACTIONS_PER_MINUTE: positiveInt(30),
  /** Admins reach the console only with an authenticator app or a passkey; unset: true in production (adminTwoFactorRequired). */
  REQUIRE_ADMIN_TWO_FACTOR: optionalBooleanString,
  SEED_ADMIN_EMAIL: z.string().default("admin@example.com"),
  SEED_ADMIN_PASSWORD: z.string().optional(),
});

/** Rules between variables, reported like any other problem. */
const envSchema = envFields.superRefine((env, ctx) => {
  if (env.SESSION_ABSOLUTE_MAX_AGE < env.SESSION_MAX_AGE) {
    ctx.addIssue({
      code: "custom",
      path: ["SESSION_ABSOLUTE_MAX_AGE"],
      message: "must be at least SESSION_MAX_AGE (a session cannot slide past its absolute end)",
    });
  }
  if (env.TOGETHER_DEFAULT_MODEL && !env.TOGETHER_MODELS.includes(env.TOGETHER_DEFAULT_MODEL)) {
    ctx.addIssue({ code: "custom", path: ["TOGETHER_DEFAULT_MODEL"], message: "must be one of TOGETHER_MODELS" });
  }
});

/**
 * A provider with some of its variables set but not all: one problem per
 * missing variable. Read from the raw values, since OIDC_NAME has a default.
 */
function oauthProviderProblems(values: Source): string[] {
  return OAUTH_PROVIDER_VARIABLES.flatMap(({ provider, required, optional }) => {
    const named = [...required, ...optional];
    if (!named.some((name) => values[name] !== undefined)) return [];
    return required
      .filter((name) => values[name] === undefined)
      .map((name) => `${name} is missing: ${provider} sign-in needs ${required.join(", ")} (set them all, or none to turn it off)`);
  });
}

export type Env = z.infer<typeof envSchema>;

/** What to do about a missing variable, shown next to its name; production never generates anything. */
const missingHints = {
  development: {
    MONGODB_URI: "run npm run dev (it starts a local database), or set it in .env.local",
    NEXTAUTH_SECRET: "run npm run dev once, or set it in .env.local",
    ENCRYPTION_KEYS: "run npm run dev once, or set it in .env.local",
  },
  production: {
    MONGODB_URI: "production does not start an embedded database; set it to your MongoDB's connection string",
    NEXTAUTH_SECRET: "set it in the environment (openssl rand -base64 32); production never generates secrets",
    ENCRYPTION_KEYS: 'set it to "k1:<openssl rand -base64 32>"; production never generates keys',
  },
} satisfies Record<"development" | "production", Partial<Record<keyof Env, string>>>;

/**
 * Secrets that `npm run dev` generates into `.env.local` when they are missing,
 * so a fresh clone runs with no manual step. Production never generates them.
 */
export const generatedDevSecrets: Record<string, () => string> = {
  NEXTAUTH_SECRET: () => randomBytes(32).toString("base64url"),
  ENCRYPTION_KEYS: () => generateEncryptionKeys(),
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "EnvError";
  }
}

type Source = Record<string, string | undefined>;

/** Validates `source` and returns one readable line per problem (empty when valid). */
export function findEnvProblems(source: Source): string[] {
  const values = withoutEmptyStrings(source);
  const result = envSchema.safeParse(values);
  const production =
    values.NODE_ENV === "production"
      ? findProductionProblems({ ...values, allowInsecureHttp: booleanString.safeParse(values.ALLOW_INSECURE_HTTP).data ?? false })
      : [];
  const providers = oauthProviderProblems(values);
  if (result.success) return [...providers, ...production];
  const schemaProblems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const missing = issue.code === "invalid_type" && values[name] === undefined;
    const hints: Partial<Record<string, string>> = missingHints[values.NODE_ENV === "production" ? "production" : "development"];
    if (missing) return `${name} is missing: ${hints[name] ?? "set it in .env.local"}`;
    return `${name} ${issue.message}`;
  });
  return [...schemaProblems, ...providers, ...production];
}

/** Parses `source` into a typed `Env`, or throws an `EnvError` listing every problem. */
export function parseEnv(source: Source): Env {
  const problems = findEnvProblems(source);
  if (problems.length > 0) throw new EnvError(problems);
  return envSchema.parse(withoutEmptyStrings(source));
}

let cached: Env | undefined;

/** The validated environment of this process, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Whether NextAuth's cookies carry `Secure` and the `__Secure-` / `__Host-`
 * prefixes: on an https site, and always in production unless
 * ALLOW_INSECURE_HTTP=true. Browsers keep such cookies on http://localhost and
 * http://127.0.0.1 too, so a local production server still signs in.
 */
export function secureCookies(env: Env = getEnv()): boolean {
  if (env.NEXTAUTH_URL?.startsWith("https://")) return true;
  return env.NODE_ENV === "production" && !env.ALLOW_INSECURE_HTTP;
}

/**
 * Whether an admin needs a second factor (an authenticator app or a passkey)
 * before the admin console opens: REQUIRE_ADMIN_TWO_FACTOR, by default on in
 * production and off elsewhere, so a fresh development clone's seeded admin
 * (password only) still reaches the console.
 */
export function adminTwoFactorRequired(env: Env = getEnv()): boolean {
  return env.REQUIRE_ADMIN_TWO_FACTOR ?? env.NODE_ENV === "production";
}

/**
 * Whether the sign-in page offers "Email me a sign-in link": EMAIL_SIGNIN, by
 * default on wherever mail goes somewhere (an SMTP server, or the developer
 * mailbox outside production).
 */
export function emailSignInEnabled(env: Env = getEnv()): boolean {
  return env.EMAIL_SIGNIN ?? (env.EMAIL_SERVER !== undefined || env.NODE_ENV !== "production");
}

/** Whether a sign-in link may create an account for an address that has none (EMAIL_LINK_SIGNUP, default true). */
export function emailLinkSignUpAllowed(env: Env = getEnv()): boolean {
  return env.EMAIL_LINK_SIGNUP ?? true;
}

/** `FOO=` in a .env file means "not set", not "set to the empty string". */
function withoutEmptyStrings(source: Source): Source {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
}

/**
 * An absolute URL on this site, for links that leave it (emails). Built from
 * NEXTAUTH_URL (required in production), never from a request's Host header,
 * which a client chooses: a reset link must not point at an attacker's host.
 */
export function siteUrl(pathAndQuery: string, env: Env = getEnv()): string {
  // NextAuth's own base URL when NEXTAUTH_URL is unset (next-auth/utils/parse-url.js).
  return new URL(pathAndQuery, new URL(env.NEXTAUTH_URL ?? "http://localhost:3000").origin).href;
}
