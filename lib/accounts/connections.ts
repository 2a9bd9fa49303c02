import "#server-only";
import type { DataAccess } from "@/lib/access";
import { recordAuthEvent } from "@/lib/audit";
import { HttpError, type RequestContext } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import { countPasskeys } from "@/lib/passkeys";
import { assertRecentAuthentication } from "@/lib/sessions";
import { findOwnUser } from "@/lib/users";
import { ownId } from "@/lib/access/shared";
import { accountErrors } from "./errors";
import { syncLinkedProviders } from "./repository";
import { signInMethodsOf } from "./sign-in-methods";
import {
  isOAuthProviderId,
  type ConnectedAccount,
  type ConnectedAccountsResponse,
  type OAuthProviderId,
  type OAuthProviderOption,
} from "./shared";

/**
 * The signed-in user's own account and linked providers, through the data
 * door (lib/access), oldest link first; 404 when the account is gone.
 */
export async function ownSignInMethods(data: DataAccess) {
  const [user, links] = await Promise.all([findOwnUser(data), data.accounts.find({ userId: ownId(data) }, { sort: { _id: 1 } })]);
  if (!user) throw HttpError.accountNotFound();
  return { user, links };
}

/**
 * The user's linked providers, and the enabled ones they could still connect.
 * A link to a provider that is no longer configured is listed too (named by
 * its id), so it can still be seen and disconnected.
 */
export async function listConnectedAccounts(data: DataAccess, enabled: OAuthProviderOption[]): Promise<ConnectedAccountsResponse> {
  const { user, links } = await ownSignInMethods(data);
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
  return { accounts, available, hasPassword: user.hasPassword };
}

/** The session asking to disconnect, and how recently it proved who it is (who it is comes with the data door). */
export interface DisconnectCaller {
  deviceSessionId: string;
  authTime: number;
  context: RequestContext;
}

/**
 * Unlinks a provider. Needs a sign-in within the last 10 minutes (403
 * REAUTH_REQUIRED), and never removes the last way to sign in (409
 * LAST_SIGN_IN_METHOD): a password counts as one, and so does a passkey.
 */
export async function disconnectAccount(data: DataAccess, caller: DisconnectCaller, provider: OAuthProviderId): Promise<void> {
  assertRecentAuthentication(caller.authTime);
  const userId = ownId(data);
  const { user, links } = await ownSignInMethods(data);
  if (!links.some((link) => link.provider === provider)) throw HttpError.notFound("This account is not connected");
  const remaining = links.filter((link) => link.provider !== provider).map((link) => link.provider);
  const passkeys = await countPasskeys(userId);
  if (signInMethodsOf({ hasPassword: user.hasPassword, providers: remaining, passkeys }).length === 0) throw accountErrors.lastSignInMethod();
  if ((await data.accounts.deleteMany({ userId, provider })) === 0) throw HttpError.notFound("This account is not connected");
  await syncLinkedProviders(userId);
  await recordAuthEvent({ type: "account.unlinked", userId, method: provider, deviceSessionId: caller.deviceSessionId, context: caller.context });
  await sendSecurityNotice(userId, { kind: "sign-in-method", provider, change: "disconnected" }, caller.context);
}

