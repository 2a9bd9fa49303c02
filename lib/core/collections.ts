import "#server-only";

/**
 * The collections this app uses, by name. The NextAuth adapter is configured
 * with the same names (lib/auth/adapter.ts); `verificationTokens` differs from
 * the adapter's default (`verification_tokens`) on purpose, to match the others.
 */
export const collections = {
  users: "users",
  accounts: "accounts",
  sessions: "sessions",
  verificationTokens: "verificationTokens",
  rateLimits: "rateLimits",
  authEvents: "authEvents",
  generations: "generations",
  conversations: "conversations",
  avatars: "avatars",
  twoFactors: "twoFactors",
  recoveryCodes: "recoveryCodes",
  pendingSignIns: "pendingSignIns",
  passkeys: "passkeys",
  webauthnChallenges: "webauthnChallenges",
  modelCatalog: "modelCatalog",
  appSettings: "appSettings",
  outbox: "outbox",
} as const;
