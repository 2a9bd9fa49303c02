import "#server-only";
import { recordAuthEvent } from "@/lib/audit";
import { HttpError, type RequestContext } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import { assertRecentAuthentication } from "@/lib/sessions";
import { getUser } from "@/lib/users";
import { deleteAccountLink, listAccountsOf } from "./repository";
import {
  isOAuthProviderId,
  type ConnectedAccount,
  type ConnectedAccountsResponse,
  type OAuthProviderId,
  type OAuthProviderOption,
} from "./shared";

/**
 * The user's linked providers, and the enabled ones they could still connect.
 * A link to a provider that is no longer configured is listed too (named by
 * its id), so it can still be seen and disconnected.
 */
export async function listConnectedAccounts(userId: string, enabled: OAuthProviderOption[]): Promise<ConnectedAccountsResponse> {
  const [user, links] = await Promise.all([getUser(userId, { withPasswordHash: true }), listAccountsOf(userId)]);
  if (!user) throw HttpError.accountNotFound();
  const nameOf = (provider: string) => enabled.find((option) => option.id === provider)?.name ?? provider;
  const accounts: ConnectedAccount[] = links.flatMap((link) =>
    isOAuthProviderId(link.provider)
      ? [
          {
            provider: link.provider,
            providerName: nameOf(link.provider),
            label: link.label ?? null,
            connectedAt: link._id.getTimestamp().toISOString(),
          },
        ]
      : [],
  );
  const available = enabled.filter((option) => !accounts.some((account) => account.provider === option.id));
  return { accounts, available, hasPassword: Boolean(user.passwordHash) };
}

/** Who asks to disconnect, and how recently they proved it. */
interface DisconnectCaller {
  userId: string;
  deviceSessionId: string;
  authTime: number;
  context: RequestContext;
}

/**
 * Unlinks a provider. Needs a sign-in within the last 10 minutes (403
 * REAUTH_REQUIRED), and never removes the last way to sign in (409
 * LAST_SIGN_IN_METHOD): a password counts as one.
 */
export async function disconnectAccount(caller: DisconnectCaller, provider: OAuthProviderId): Promise<void> {
  assertRecentAuthentication(caller.authTime);
  const [user, links] = await Promise.all([getUser(caller.userId, { withPasswordHash: true }), listAccountsOf(caller.userId)]);
  if (!user) throw HttpError.accountNotFound();
  if (!links.some((link) => link.provider === provider)) throw HttpError.notFound("This account is not connected");
  const remaining = links.filter((link) => link.provider !== provider).length;
  if (!user.passwordHash && remaining === 0) throw HttpError.lastSignInMethod();
  if (!(await deleteAccountLink(caller.userId, provider))) throw HttpError.notFound("This account is not connected");
  void recordAuthEvent({ type: "account.unlinked", userId: caller.userId, method: provider, deviceSessionId: caller.deviceSessionId, context: caller.context });
  void sendSecurityNotice(caller.userId, { kind: "sign-in-method", provider, change: "disconnected" }, caller.context);
}
