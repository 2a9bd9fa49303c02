import { z } from "zod";
import { currentPasswordSchema, passwordSchema } from "@/lib/passwords/shared";
import { emailSchema } from "@/lib/users/shared";
import { API_KEY_PROVIDER_LABELS, type ApiKeyProvider } from "@/lib/vault/shared";

/** Requests and answers of the email flows (verification, password reset, email change). Browser-safe. */

/** A link's secret as a body field: its exact shape is checked where it is looked up. */
const linkToken = z.string("This link is incomplete. Open it again from the email.").min(1).max(200);

/** `POST /api/auth/forgot-password` and `POST /api/auth/resend-verification`. */
export const emailOnlySchema = z.object({ email: emailSchema });

/** `POST /api/auth/reset-password`. */
export const resetPasswordSchema = z.object({ token: linkToken, password: passwordSchema });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

/** `POST /api/auth/confirm-email` and `POST /api/auth/revert-email-change`. */
export const linkTokenSchema = z.object({ token: linkToken });

/** `POST /api/user/email/verify-code`: the 6 digits from the verification mail (spaces and dashes from a paste are dropped). */
export const emailCodeSchema = z.object({
  code: z
    .string("Enter the 6-digit code from the email")
    .transform((code) => code.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6 digits from the email")),
});
export type EmailCodeInput = z.infer<typeof emailCodeSchema>;

/** `POST /api/user/email/verify-code`: the address, now verified (ISO 8601). */
export interface EmailCodeVerifiedResponse {
  email: string;
  emailVerified: string;
}

/** `POST /api/auth/verify-email`: the link, and the password of the account it is for. */
export const verifyEmailSchema = z.object({ token: linkToken, password: currentPasswordSchema });
export type VerifyEmailInput = z.infer<typeof verifyEmailSchema>;

/**
 * `POST /api/user/email`: the new address, and the current password when the
 * account has one (an account without one needs a recent sign-in instead).
 */
export const emailChangeSchema = z.object({
  newEmail: emailSchema,
  currentPassword: currentPasswordSchema.optional(),
});
export type EmailChangeInput = z.infer<typeof emailChangeSchema>;

/** The answer to a request whose outcome must not reveal whether an account exists. */
export const NEUTRAL_ANSWERS = {
  forgotPassword:
    "If an account uses that email, we sent it a link to choose a new password. The link works for 1 hour; check your spam folder too.",
  resendVerification:
    "If an account with a password uses that email and it is not confirmed yet, we sent it a new confirmation link.",
} as const;

export interface NeutralAnswer {
  message: string;
}

/** `GET /api/user/email`. */
export interface EmailStatusResponse {
  email: string | null;
  /** ISO 8601, or null while not verified. */
  emailVerified: string | null;
  /** A change waiting for the new address to confirm. */
  pendingEmail: { address: string; expiresAt: string } | null;
  /** Whether changing the email asks for the current password (else a recent sign-in). */
  hasPassword: boolean;
}

/**
 * What a reclaim (lib/email-flows/reclaim.ts) removed from an account whose
 * address had never been confirmed: what whoever set it up had stored there.
 */
export interface ReclaimedData {
  /** The providers whose API keys were removed, in the vault's order. */
  apiKeys: ApiKeyProvider[];
  /** The sign-in providers disconnected, by name ("GitHub"). */
  connectedAccounts: string[];
  /** How many saved generations (history entries with their text) were removed. */
  savedGenerations: number;
  /** Whether an uploaded profile picture was removed. */
  profilePicture: boolean;
}

/** ReclaimedData with the sentence the done page and the mail show (`reclaimedInWords`). */
export interface ReclaimedSummary extends ReclaimedData {
  summary: string;
}

/** "the 2 API keys (Together AI, Kestra)", "1 saved generation", or null for none. */
function counted(count: number, one: string, many: string, names: string[] = []): string | null {
  if (count === 0) return null;
  const list = names.length > 0 ? ` (${names.join(", ")})` : "";
  return count === 1 ? `the ${one}${list}` : `the ${count} ${many}${list}`;
}

/** "a, b and c". */
function listInWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * What was removed and why, in one paragraph; null when nothing was there to
 * remove. "Because this address had never been confirmed, we removed the 2
 * API keys (Together AI, Kestra) and the 5 saved generations that whoever
 * created the account had stored, and disconnected GitHub from it. …"
 */
export function reclaimedInWords(removed: ReclaimedData): string | null {
  const stored = [
    counted(removed.apiKeys.length, "API key", "API keys", removed.apiKeys.map((provider) => API_KEY_PROVIDER_LABELS[provider])),
    counted(removed.savedGenerations, "saved generation", "saved generations"),
    removed.profilePicture ? "the uploaded profile picture" : null,
  ].filter((part): part is string => part !== null);
  const links = removed.connectedAccounts;
  if (stored.length === 0 && links.length === 0) return null;
  const actions = [
    ...(stored.length > 0 ? [`removed ${listInWords(stored)} that whoever created the account had stored`] : []),
    ...(links.length > 0 ? [`disconnected ${listInWords(links)}, which could sign in to it`] : []),
  ];
  return (
    `Because this address had never been confirmed, we ${actions.join(", and ")}. ` +
    "Anyone can sign up with an address that isn't theirs, so what was set up before the address was confirmed is not kept for its owner."
  );
}

/** `POST /api/auth/reset-password`. */
export interface PasswordResetResponse {
  /** The account's address: the one the new password signs in with. */
  email: string;
  message: string;
  /** What the reset removed (an account whose address had never been confirmed), or null when it removed nothing. */
  removed: ReclaimedSummary | null;
}

/** `POST /api/auth/verify-email`. */
export interface EmailVerifiedResponse {
  email: string;
}

/** `POST /api/auth/confirm-email`. */
export interface EmailChangeConfirmedResponse {
  email: string;
}

/** `POST /api/auth/revert-email-change`. */
export interface EmailChangeRevertedResponse {
  /** The address the account uses now. */
  email: string;
  /** Whether the change had already happened and was undone (else a pending change was cancelled). */
  restored: boolean;
}
