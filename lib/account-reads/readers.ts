import "#server-only";
import { ownId } from "@/lib/access/shared";
import { listConnectedAccounts } from "@/lib/accounts";
import type { ConnectedAccountsResponse } from "@/lib/accounts/shared";
import { listAuthEvents } from "@/lib/audit";
import type { AuthEventsResponse } from "@/lib/audit/shared";
import { oauthProviders, type Authenticated } from "@/lib/auth";
import { emailStatus } from "@/lib/email-flows";
import type { EmailStatusResponse } from "@/lib/email-flows/shared";
import { usageReport } from "@/lib/generation";
import type { PreferencesResponse, UsageResponse } from "@/lib/generation/shared";
import { HttpError } from "@/lib/http";
import { getNoticeSettings } from "@/lib/notices";
import { listPasskeyViews } from "@/lib/passkeys";
import type { NoticeSettingsResponse } from "@/lib/notices/shared";
import { listDeviceSessions } from "@/lib/sessions";
import type { SessionsResponse } from "@/lib/sessions/shared";
import { twoFactorStateOf } from "@/lib/two-factor";
import type { PasskeyView, TwoFactorOverview } from "@/lib/two-factor/shared";
import { findOwnUser, getPreferences, toPublicUser } from "@/lib/users";
import type { MeResponse } from "@/lib/users/shared";
import { getApiKeys } from "@/lib/vault";
import type { ApiKeysResponse } from "@/lib/vault/shared";
import type { AccountRead } from "./shared";
import { USAGE_REPORT_DAYS } from "./shared";

/**
 * The body of each account GET endpoint, for a signed-in session and the data
 * door built for it, through which every read goes: the API route answers it
 * with what `withAuth` gives it, and a page renders it on the server with a
 * door from `forSession` (see preload.ts), so the two can never differ. A
 * missing account throws 404 ACCOUNT_NOT_FOUND.
 */
export const accountReads = {
  async me({ data }: Authenticated): Promise<MeResponse> {
    const user = await findOwnUser(data);
    if (!user) throw HttpError.accountNotFound();
    const shown = toPublicUser(user, user.hasPassword);
    // An admin viewing as the user never loads their picture link (as in the session): it would tell them when and from where.
    return { user: data.actor?.impersonatedBy ? { ...shown, image: null } : shown };
  },
  email: ({ data }: Authenticated): Promise<EmailStatusResponse> => emailStatus(data),
  connectedAccounts: ({ data }: Authenticated): Promise<ConnectedAccountsResponse> => listConnectedAccounts(data, oauthProviders()),
  async apiKeys({ data }: Authenticated): Promise<ApiKeysResponse> {
    const apiKeys = await getApiKeys(data);
    if (!apiKeys) throw HttpError.accountNotFound();
    return { apiKeys };
  },
  async preferences({ data }: Authenticated): Promise<PreferencesResponse> {
    const preferences = await getPreferences(data);
    if (!preferences) throw HttpError.accountNotFound();
    return { preferences };
  },
  usage: ({ data }: Authenticated): Promise<UsageResponse> => usageReport(data, USAGE_REPORT_DAYS),
  async sessions({ session, data }: Authenticated): Promise<SessionsResponse> {
    return { sessions: await listDeviceSessions(data, session.deviceSessionId) };
  },
  async notices({ data }: Authenticated): Promise<NoticeSettingsResponse> {
    const recipient = await getNoticeSettings(data);
    if (!recipient) throw HttpError.accountNotFound();
    return { notices: recipient.settings, email: recipient.email };
  },
  async activity({ session, data }: Authenticated): Promise<AuthEventsResponse> {
    return { events: await listAuthEvents(data, session.deviceSessionId) };
  },
  // Read while viewing as the user too: it shows whether a second step is on, never a secret.
  async twoFactor({ data }: Authenticated): Promise<TwoFactorOverview> {
    const userId = ownId(data);
    const [state, passkeys] = await Promise.all([twoFactorStateOf(userId), listPasskeyViews(userId)]);
    return { totp: { enabled: state.totpEnabled }, recoveryCodesLeft: state.recoveryCodesLeft, passkeys };
  },
  passkeys: ({ data }: Authenticated): Promise<PasskeyView[]> => listPasskeyViews(ownId(data)),
} satisfies Record<AccountRead, (reader: Authenticated) => Promise<unknown>>;
