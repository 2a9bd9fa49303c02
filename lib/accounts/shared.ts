/**
 * Sign-in methods beyond the password: the OAuth providers a user can link.
 * Browser-safe: the sign-in page, Settings and the audit trail's labels use it.
 */

/** NextAuth provider ids of the OAuth providers KeyForge supports (each enabled by configuration). */
export const OAUTH_PROVIDER_IDS = ["github", "google", "oidc"] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDER_IDS)[number];

export function isOAuthProviderId(value: unknown): value is OAuthProviderId {
  return OAUTH_PROVIDER_IDS.some((id) => id === value);
}

/** A way to sign in: the password, one of the providers, a passkey, or a link sent to the account's email. */
export type SignInMethod = "password" | OAuthProviderId | "passkey" | "email";

export const SIGN_IN_METHODS: readonly SignInMethod[] = ["password", ...OAUTH_PROVIDER_IDS, "passkey", "email"];

/**
 * Each method's name where the configuration does not give one (the OIDC
 * provider is named by OIDC_NAME where it is configured).
 */
export const SIGN_IN_METHOD_NAMES: Record<SignInMethod, string> = {
  password: "your email and password",
  github: "GitHub",
  google: "Google",
  oidc: "single sign-on",
  passkey: "a passkey",
  email: "a link sent by email",
};

export function isSignInMethod(value: unknown): value is SignInMethod {
  return value === "password" || value === "passkey" || value === "email" || isOAuthProviderId(value);
}

/** An enabled provider as a button shows it: "Continue with <name>". The OIDC one is named by OIDC_NAME. */
export interface OAuthProviderOption {
  id: OAuthProviderId;
  name: string;
}

/** One linked provider in Settings → Connected accounts. */
export interface ConnectedAccount {
  provider: OAuthProviderId;
  /** The provider's display name ("GitHub", or OIDC_NAME). */
  providerName: string;
  /** The account at the provider: a GitHub login, or the email it gave; null when it gave neither. */
  label: string | null;
  /** ISO 8601. */
  connectedAt: string;
}

/** `GET /api/user/accounts`. */
export interface ConnectedAccountsResponse {
  accounts: ConnectedAccount[];
  /** Enabled providers this user has not linked yet ("Connect"). */
  available: OAuthProviderOption[];
  /** A password counts as a way to sign in: with it, every provider may be disconnected. */
  hasPassword: boolean;
}
