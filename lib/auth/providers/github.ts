import "#server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { log } from "@/lib/core/log";
import { optionalString, providerEmail, text, toNextAuthProfile, type ProviderIdentity } from "./identity";

const GITHUB_API = "https://api.github.com";

/** The fields of `GET /user` and `GET /user/emails` this app reads. */
const gitHubUserSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  login: z.string(),
  name: optionalString,
  avatar_url: optionalString,
});

const gitHubEmailsSchema = z.array(
  z.looseObject({ email: z.string(), primary: z.boolean().optional(), verified: z.boolean().optional() }),
);

/** `GET /user` with the addresses of `GET /user/emails` (empty when they could not be read). */
const gitHubProfileSchema = gitHubUserSchema.extend({ emails: gitHubEmailsSchema.catch([]) });

type GitHubProfile = z.infer<typeof gitHubProfileSchema>;

/**
 * GitHub's identity. Its `/user` email is only the public one, and next-auth
 * v4's provider falls back to the first address of `/user/emails` without
 * looking at `verified`; here only the primary address, and only when GitHub
 * marks it verified, counts. No such address: the identity has no email.
 */
export function gitHubIdentity(raw: unknown): ProviderIdentity {
  const user = gitHubProfileSchema.parse(raw);
  const primary = user.emails.find((entry) => entry.primary === true);
  const address = providerEmail(primary?.email);
  return {
    provider: "github",
    providerAccountId: String(user.id),
    name: text(user.name) ?? user.login,
    image: text(user.avatar_url),
    label: user.login,
    email: primary && address ? { address, verified: primary.verified === true } : null,
  };
}

async function getJson(url: string, accessToken: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "KeyForge" },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GitHub answered ${response.status} for ${new URL(url).pathname}`);
  return response.json();
}

/**
 * Reads the user and their addresses with the access token. The addresses
 * need the `user:email` scope; without them the user signs in with no email
 * rather than not at all.
 */
export async function fetchGitHubProfile(accessToken: string, apiBaseUrl = GITHUB_API): Promise<GitHubProfile> {
  const [user, emails] = await Promise.all([
    getJson(`${apiBaseUrl}/user`, accessToken),
    getJson(`${apiBaseUrl}/user/emails`, accessToken).catch((error: unknown) => {
      log.warn("oauth.github_emails_unreadable", { error: error instanceof Error ? error.message : "unknown" });
      return [];
    }),
  ]);
  return gitHubProfileSchema.parse({ ...gitHubUserSchema.parse(user), emails });
}

/** GitHub OAuth app sign-in (callback URL: `<NEXTAUTH_URL>/api/auth/callback/github`). */
export function gitHubProvider(clientId: string, clientSecret: string): OAuthConfig<GitHubProfile> {
  return {
    id: "github",
    name: "GitHub",
    type: "oauth",
    clientId,
    clientSecret,
    authorization: { url: "https://github.com/login/oauth/authorize", params: { scope: "read:user user:email" } },
    token: "https://github.com/login/oauth/access_token",
    userinfo: {
      url: `${GITHUB_API}/user`,
      request: ({ tokens }) => fetchGitHubProfile(tokens.access_token ?? ""),
    },
    checks: ["pkce", "state"],
    profile: (raw) => toNextAuthProfile(gitHubIdentity(raw)),
    // NextAuth may link by email only because lib/auth/linking.ts has already refused every unsafe case.
    allowDangerousEmailAccountLinking: true,
  };
}
