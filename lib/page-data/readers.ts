import "#server-only";
import type { Session } from "next-auth";
import { listConnectedAccounts } from "@/lib/accounts";
import type { ConnectedAccountsResponse } from "@/lib/accounts/shared";
import { listAuthEvents } from "@/lib/audit";
import type { AuthEventsResponse } from "@/lib/audit/shared";
import { oauthProviders } from "@/lib/auth";
import { emailStatus } from "@/lib/email-flows";
import type { EmailStatusResponse } from "@/lib/email-flows/shared";
import type { PreferencesResponse } from "@/lib/generation/shared";
import { HttpError } from "@/lib/http";
import { findNoticeRecipient } from "@/lib/notices";
import type { NoticeSettingsResponse } from "@/lib/notices/shared";
import { listDeviceSessions } from "@/lib/sessions";
import type { SessionsResponse } from "@/lib/sessions/shared";
import { getPreferences, getUser, toPublicUser } from "@/lib/users";
import type { MeResponse } from "@/lib/users/shared";
import { getApiKeys } from "@/lib/vault";
import type { ApiKeysResponse } from "@/lib/vault/shared";
import type { AccountRead } from "./shared";

/**
 * The body of each account GET endpoint, for the signed-in `session`: the API
 * route answers it, and a page renders it on the server (see preload.ts), so
 * the two can never differ. A missing account throws 404 ACCOUNT_NOT_FOUND.
 */
export const accountReads = {
  async me(session: Session): Promise<MeResponse> {
    const user = await getUser(session.user.id, { withPasswordHash: true });
    if (!user) throw HttpError.accountNotFound();
    return { user: toPublicUser(user) };
  },
  email: (session: Session): Promise<EmailStatusResponse> => emailStatus(session.user.id),
  connectedAccounts: (session: Session): Promise<ConnectedAccountsResponse> =>
    listConnectedAccounts(session.user.id, oauthProviders()),
  async apiKeys(session: Session): Promise<ApiKeysResponse> {
    const apiKeys = await getApiKeys(session.user.id);
    if (!apiKeys) throw HttpError.accountNotFound();
    return { apiKeys };
  },
  async preferences(session: Session): Promise<PreferencesResponse> {
    const preferences = await getPreferences(session.user.id);
    if (!preferences) throw HttpError.accountNotFound();
    return { preferences };
  },
  async sessions(session: Session): Promise<SessionsResponse> {
    return { sessions: await listDeviceSessions(session.user.id, session.deviceSessionId) };
  },
  async notices(session: Session): Promise<NoticeSettingsResponse> {
    const recipient = await findNoticeRecipient(session.user.id);
    if (!recipient) throw HttpError.accountNotFound();
    return { notices: recipient.settings, email: recipient.email };
  },
  async activity(session: Session): Promise<AuthEventsResponse> {
    return { events: await listAuthEvents(session.user.id, session.deviceSessionId) };
  },
} satisfies Record<AccountRead, (session: Session) => Promise<unknown>>;
