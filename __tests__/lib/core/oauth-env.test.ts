import { findEnvProblems, parseEnv } from "@/lib/core/env";
import { oauthFormActionOrigins, pageContentSecurityPolicy } from "@/lib/core/security-headers";

/** The OAuth providers' variables: each provider all or nothing, and the CSP that lets its sign-in page be reached. */

const valid = {
  MONGODB_URI: "mongodb://127.0.0.1:27017/app",
  NEXTAUTH_SECRET: "s".repeat(32),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
};

const github = { GITHUB_ID: "Iv1.0123456789abcdef", GITHUB_SECRET: "0123456789abcdef0123456789abcdef01234567" };
const google = { GOOGLE_ID: "123-abc.apps.googleusercontent.com", GOOGLE_SECRET: "GOCSPX-secret" };
const oidc = { OIDC_ISSUER: "https://login.example.com/realms/main/", OIDC_CLIENT_ID: "keyforge", OIDC_CLIENT_SECRET: "s3cret" };

describe("OAuth provider configuration", () => {
  it("enables no provider by default, and each whole one when set", () => {
    expect(findEnvProblems(valid)).toEqual([]);
    expect(findEnvProblems({ ...valid, ...github, ...google, ...oidc })).toEqual([]);
    const env = parseEnv({ ...valid, ...oidc });
    expect(env.OIDC_ISSUER).toBe("https://login.example.com/realms/main");
    expect(env.OIDC_NAME).toBe("SSO");
  });

  it("names each missing variable of a half-configured provider", () => {
    expect(findEnvProblems({ ...valid, GITHUB_ID: github.GITHUB_ID })).toEqual([
      "GITHUB_SECRET is missing: GitHub sign-in needs GITHUB_ID, GITHUB_SECRET (set them all, or none to turn it off)",
    ]);
    expect(findEnvProblems({ ...valid, GOOGLE_SECRET: google.GOOGLE_SECRET })).toEqual([
      "GOOGLE_ID is missing: Google sign-in needs GOOGLE_ID, GOOGLE_SECRET (set them all, or none to turn it off)",
    ]);
    expect(findEnvProblems({ ...valid, OIDC_NAME: "Acme" })).toEqual([
      "OIDC_ISSUER is missing: OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (set them all, or none to turn it off)",
      "OIDC_CLIENT_ID is missing: OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (set them all, or none to turn it off)",
      "OIDC_CLIENT_SECRET is missing: OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (set them all, or none to turn it off)",
    ]);
  });

  it("refuses an issuer that is not an http(s) URL, and plain http in production", () => {
    expect(findEnvProblems({ ...valid, ...oidc, OIDC_ISSUER: "login.example.com" })).toEqual([
      "OIDC_ISSUER must be the provider's issuer URL, like https://login.example.com/realms/main",
    ]);
    const production = { ...valid, NODE_ENV: "production", NEXTAUTH_URL: "https://keyforge.example.com", NEXTAUTH_SECRET: "q7Xk2pLm9Rt4Vw8Yz1Bn5Cd3Fg6Hj0Ks", EMAIL_SERVER: "smtp://u:p@smtp.example.com:587", EMAIL_FROM: "no-reply@example.com" };
    expect(findEnvProblems({ ...production, ...oidc, OIDC_ISSUER: "http://login.example.com" })).toEqual([
      "OIDC_ISSUER must be https:// in production (http:// only for localhost, 127.0.0.1 or [::1], or with ALLOW_INSECURE_HTTP=true)",
    ]);
    expect(findEnvProblems({ ...production, ...oidc, OIDC_ISSUER: "http://127.0.0.1:9000" })).toEqual([]);
  });

  it("reads OIDC_TRUSTED_EMAIL_DOMAINS as a list of domains, and refuses anything else", () => {
    expect(parseEnv({ ...valid, ...oidc, OIDC_TRUSTED_EMAIL_DOMAINS: " Corp.Example, staff.corp.example ," }).OIDC_TRUSTED_EMAIL_DOMAINS).toEqual([
      "corp.example",
      "staff.corp.example",
    ]);
    expect(parseEnv({ ...valid, ...oidc }).OIDC_TRUSTED_EMAIL_DOMAINS).toBeUndefined();
    for (const bad of ["@corp.example", "https://corp.example", "corp", ","]) {
      expect(findEnvProblems({ ...valid, ...oidc, OIDC_TRUSTED_EMAIL_DOMAINS: bad })).toHaveLength(1);
    }
  });

  it("lets sign-in forms reach exactly the enabled providers' sign-in pages", () => {
    const origins = oauthFormActionOrigins(parseEnv({ ...valid, ...github, ...google, ...oidc }));
    expect(origins).toEqual(["https://github.com", "https://accounts.google.com", "https://login.example.com"]);
    const policy = pageContentSecurityPolicy({ nonce: "n", development: false, https: true, formActionOrigins: origins });
    expect(policy).toContain("form-action 'self' https://github.com https://accounts.google.com https://login.example.com;");
    expect(oauthFormActionOrigins(parseEnv(valid))).toEqual([]);
  });
});
