import "#server-only";
import type { AuthOptions } from "next-auth";
import type { OAuthProviderId, OAuthProviderOption } from "@/lib/accounts/shared";
import { getEnv, type Env } from "@/lib/core/env";
import { gitHubIdentity, gitHubProvider } from "./github";
import type { ProviderIdentity } from "./identity";
import { googleProvider, oidcProvider, openIdIdentity } from "./openid";

export type { ProviderIdentity } from "./identity";

/** One enabled OAuth provider: NextAuth's configuration, and its button. */
interface ConfiguredProvider {
  config: AuthOptions["providers"][number];
  option: OAuthProviderOption;
}

/**
 * The OAuth providers the environment enables, in button order. lib/core/env.ts
 * has already refused a half-configured one, so each is either whole or absent.
 * The page CSP lets forms reach their sign-in pages (lib/core/security-headers.ts).
 */
export function configuredProviders(env: Env): ConfiguredProvider[] {
  if (built?.env !== env) built = { env, providers: buildProviders(env) };
  return built.providers;
}

/** The last list built, with the environment it was built from (getEnv() returns one object per process). */
let built: { env: Env; providers: ConfiguredProvider[] } | undefined;

function buildProviders(env: Env): ConfiguredProvider[] {
  const providers: ConfiguredProvider[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push({
      config: gitHubProvider(env.GITHUB_ID, env.GITHUB_SECRET),
      option: { id: "github", name: "GitHub" },
    });
  }
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) {
    providers.push({
      config: googleProvider(env.GOOGLE_ID, env.GOOGLE_SECRET),
      option: { id: "google", name: "Google" },
    });
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push({
      config: oidcProvider(env.OIDC_NAME, {
        issuer: env.OIDC_ISSUER,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        trustedDomains: env.OIDC_TRUSTED_EMAIL_DOMAINS,
      }),
      option: { id: "oidc", name: env.OIDC_NAME },
    });
  }
  return providers;
}

/** The identity in a provider's profile (as NextAuth hands it to the signIn callback). */
export function identityOf(provider: OAuthProviderId, rawProfile: unknown): ProviderIdentity {
  if (provider === "github") return gitHubIdentity(rawProfile);
  return openIdIdentity(provider, rawProfile, provider === "oidc" ? getEnv().OIDC_TRUSTED_EMAIL_DOMAINS : undefined);
}
