import "#server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import type { OAuthProviderId } from "@/lib/accounts/shared";
import { isVerifiedClaim, optionalString, providerEmail, text, toNextAuthProfile, type ProviderIdentity } from "./identity";

/** The standard claims this app reads (OpenID Connect Core §5.1). */
const oidcClaimsSchema = z.looseObject({
  sub: z.string().min(1),
  name: optionalString,
  preferred_username: optionalString,
  email: optionalString,
  email_verified: z.unknown().optional(),
  picture: optionalString,
});

type OidcClaims = z.infer<typeof oidcClaimsSchema>;

/**
 * Whether `email` is in one of `trustedDomains` (exactly: a subdomain must be
 * listed too); every address is, when there is no list. The list is compared
 * in the form every stored email has.
 */
function inTrustedDomain(email: string, trustedDomains: readonly string[] | undefined): boolean {
  if (!trustedDomains) return true;
  const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1);
  return trustedDomains.some((domain) => domainOf(providerEmail(`x@${domain}`) ?? "") === domainOf(email));
}

/**
 * An OpenID Connect identity (Google, or the configured OIDC provider). The
 * email is verified only when `email_verified` says so (boolean true or the
 * string "true") and, when `trustedDomains` is given, the address is in one of
 * them: an issuer whose tenants type in their users' addresses vouches for
 * any address at all (nOAuth), so only the domains it really owns may link to
 * or take back an account by email.
 */
export function openIdIdentity(provider: OAuthProviderId, raw: unknown, trustedDomains?: readonly string[]): ProviderIdentity {
  const claims = oidcClaimsSchema.parse(raw);
  const email = providerEmail(claims.email);
  const verified = isVerifiedClaim(claims.email_verified) && email !== null && inTrustedDomain(email, trustedDomains);
  return {
    provider,
    providerAccountId: claims.sub,
    name: text(claims.name) ?? text(claims.preferred_username),
    image: text(claims.picture),
    label: email ?? text(claims.preferred_username),
    email: email ? { address: email, verified } : null,
  };
}

/** The claims of an ID token that openid-client has just verified (signature, issuer, audience, nonce). */
function idTokenPayload(idToken: string | undefined): unknown {
  const payload = idToken?.split(".")[1];
  if (!payload) throw new Error("The provider sent no ID token");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
}

interface OpenIdClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Only addresses in these domains count as verified by this issuer (unset: all). */
  trustedDomains?: readonly string[];
}

/** The parts every OIDC provider here shares: discovery, a signed ID token, state + PKCE + nonce. */
function openIdProvider(id: OAuthProviderId, name: string, { issuer, clientId, clientSecret, trustedDomains }: OpenIdClient): OAuthConfig<OidcClaims> {
  return {
    id,
    name,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    userinfo: {
      // A strictly conformant provider (oidc-provider, Okta) puts the email in
      // the userinfo answer, not the ID token, for the code flow: ask for it then.
      async request({ tokens, client }) {
        const claims = oidcClaimsSchema.parse(idTokenPayload(tokens.id_token));
        if (claims.email !== undefined) return claims;
        const info = oidcClaimsSchema.parse(await client.userinfo(tokens.access_token ?? ""));
        if (info.sub !== claims.sub) throw new Error("The userinfo endpoint described another subject than the ID token");
        return {
          ...claims,
          name: claims.name ?? info.name,
          picture: claims.picture ?? info.picture,
          email: info.email,
          email_verified: info.email_verified,
        };
      },
    },
    profile: (raw) => toNextAuthProfile(openIdIdentity(id, raw, trustedDomains)),
    // NextAuth may link by email only because lib/auth/linking.ts has already refused every unsafe case.
    allowDangerousEmailAccountLinking: true,
  };
}

/** Google (callback URL: `<NEXTAUTH_URL>/api/auth/callback/google`). */
export function googleProvider(clientId: string, clientSecret: string): OAuthConfig<OidcClaims> {
  return openIdProvider("google", "Google", { issuer: "https://accounts.google.com", clientId, clientSecret });
}

/** Any OpenID Connect provider: Keycloak, Okta, Auth0, Entra ID… (callback URL: `<NEXTAUTH_URL>/api/auth/callback/oidc`). */
export function oidcProvider(name: string, client: OpenIdClient): OAuthConfig<OidcClaims> {
  return openIdProvider("oidc", name, client);
}
