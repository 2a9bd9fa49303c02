import "#server-only";

/**
 * Rules only production enforces, on top of the schema in env.ts: `npm start`
 * and the server's start-up check both refuse a configuration that breaks one.
 *
 * - NEXTAUTH_URL is set and https://. Plain http:// is allowed for a local
 *   address (localhost, 127.0.0.1, [::1]), or anywhere with ALLOW_INSECURE_HTTP=true.
 * - NEXTAUTH_SECRET is not an example value: a secret that contains one of the
 *   words example values use (change, example, placeholder, replace, sample,
 *   default, secret), or that has fewer than 8 distinct characters, is refused.
 *   A random 32-byte secret (base64 or hex) has neither by any real chance.
 * - OIDC_ISSUER, when set, is https:// like NEXTAUTH_URL: the provider's
 *   discovery document and keys decide who may sign in.
 * - EMAIL_SERVER and EMAIL_FROM are set: without them nobody could reset a
 *   password or confirm an email (development writes mails to a folder instead).
 */

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const PLACEHOLDER_WORDS = /change|example|placeholder|replace|sample|default|secret/i;
const MIN_DISTINCT_CHARACTERS = 8;
const MIN_SECRET_BYTES = 32;

interface ProductionValues {
  NEXTAUTH_URL?: string;
  EMAIL_SERVER?: string;
  EMAIL_FROM?: string;
  NEXTAUTH_SECRET?: string;
  OIDC_ISSUER?: string;
  allowInsecureHttp: boolean;
}

/** One line per broken production rule, named like env.ts's other problems. */
export function findProductionProblems(values: ProductionValues): string[] {
  const problems: string[] = [];
  const site = values.NEXTAUTH_URL;
  if (site === undefined) {
    problems.push("NEXTAUTH_URL is missing: set it to the site's public https:// URL; production builds cookies and redirects from it");
  } else if (URL.canParse(site) && !isAllowedSite(new URL(site), values.allowInsecureHttp)) {
    problems.push(
      "NEXTAUTH_URL must be https:// in production (http:// only for localhost, 127.0.0.1 or [::1], or with ALLOW_INSECURE_HTTP=true)",
    );
  }
  const issuer = values.OIDC_ISSUER;
  if (issuer !== undefined && URL.canParse(issuer) && !isAllowedSite(new URL(issuer), values.allowInsecureHttp)) {
    problems.push("OIDC_ISSUER must be https:// in production (http:// only for localhost, 127.0.0.1 or [::1], or with ALLOW_INSECURE_HTTP=true)");
  }
  if (values.EMAIL_SERVER === undefined) {
    problems.push("EMAIL_SERVER is missing: set it to your SMTP server (smtp://user:password@host:587); password resets and email confirmations are sent through it");
  }
  if (values.EMAIL_FROM === undefined) {
    problems.push('EMAIL_FROM is missing: set the sender of the account emails, like "KeyForge <no-reply@example.com>"');
  }
  const secret = values.NEXTAUTH_SECRET;
  // A short secret is already reported by the schema; one line per problem.
  if (secret !== undefined && Buffer.byteLength(secret, "utf8") >= MIN_SECRET_BYTES && looksLikePlaceholder(secret)) {
    problems.push("NEXTAUTH_SECRET looks like an example or placeholder value, not a random secret (use: openssl rand -base64 32)");
  }
  return problems;
}

function isAllowedSite(url: URL, allowInsecureHttp: boolean): boolean {
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && (allowInsecureHttp || LOCAL_HOSTS.has(url.hostname));
}

function looksLikePlaceholder(secret: string): boolean {
  return PLACEHOLDER_WORDS.test(secret) || new Set(secret).size < MIN_DISTINCT_CHARACTERS;
}
