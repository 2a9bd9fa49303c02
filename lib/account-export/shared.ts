import type { ConnectedAccount } from "@/lib/accounts/shared";
import type { AuthEventView } from "@/lib/audit/shared";
import type { EmailStatusResponse } from "@/lib/email-flows/shared";
import type { ExportedGeneration, Preferences } from "@/lib/generation/shared";
import type { NoticeSettings } from "@/lib/notices/shared";
import type { DeviceSessionView } from "@/lib/sessions/shared";
import type { PasskeyView } from "@/lib/two-factor/shared";
import type { PublicUser } from "@/lib/users/shared";
import type { ApiKeysResponse } from "@/lib/vault/shared";

/**
 * The account's data export (`GET /api/user/export`): what the file holds,
 * for the server that writes it and the tests and pages that read it.
 */

/** The file's format and version: a reader checks it before trusting the rest. */
export const EXPORT_FORMAT = "keyforge-export/1";

/** `keyforge-data-<YYYY-MM-DD>.json`, the day (UTC) it was made. */
export function exportFileName(at: Date): string {
  return `keyforge-data-${at.toISOString().slice(0, 10)}.json`;
}

/**
 * The whole file. Every part is what the account's own Settings pages show
 * (the same views), and never a secret: no password hash, API key,
 * authenticator secret, recovery code, passkey public key or token.
 */
export interface DataExport {
  format: typeof EXPORT_FORMAT;
  /** ISO 8601. */
  exportedAt: string;
  profile: Pick<PublicUser, "id" | "name" | "email" | "image" | "role" | "createdAt" | "hasPassword">;
  email: Pick<EmailStatusResponse, "email" | "emailVerified" | "pendingEmail">;
  connectedAccounts: Pick<ConnectedAccount, "provider" | "providerName" | "label" | "connectedAt">[];
  devices: DeviceSessionView[];
  twoStepVerification: { authenticatorApp: boolean; recoveryCodesLeft: number };
  passkeys: Pick<PasskeyView, "name" | "createdAt" | "lastUsedAt">[];
  /** Each provider's key as Settings shows it (masked), or null when none is stored. */
  apiKeys: ApiKeysResponse["apiKeys"];
  preferences: Preferences;
  notices: NoticeSettings;
  /** The security activity of the audit trail's retention period, newest first. */
  securityActivity: Omit<AuthEventView, "id" | "current">[];
  /** Every conversation kept in history (its turns are the generations that name it), oldest first. */
  conversations: { id: string; title: string; createdAt: string; updatedAt: string }[];
  /** Every generation, oldest first: its usage record, and its text while the history keeps it. */
  generations: ExportedGeneration[];
}
