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

/** `POST /api/auth/reset-password`. */
export interface PasswordResetResponse {
  email: string;
  message: string;
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

/**
 * What a reclaim removed from an account whose address was never verified
 * (lib/email-flows/reclaim.ts), for the mail and the page that tell the
 * owner: the providers whose keys were in the vault, how many history
 * entries lost their text, and how many connected sign-in providers went.
 */
export interface ReclaimedData {
  apiKeys: ApiKeyProvider[];
  generations: number;
  connectedAccounts: number;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Each thing removed, in words ("the Together AI API key", "3 saved generations"); empty when nothing was. */
export function reclaimedInWords({ apiKeys, generations, connectedAccounts }: ReclaimedData): string[] {
  const names = apiKeys.map((provider) => API_KEY_PROVIDER_LABELS[provider]);
  return [
    ...(names.length > 0 ? [`the ${names.join(", ")} API ${names.length === 1 ? "key" : "keys"}`] : []),
    ...(generations > 0 ? [`${plural(generations, "saved generation", "saved generations")} (prompts and answers)`] : []),
    ...(connectedAccounts > 0 ? [plural(connectedAccounts, "connected sign-in provider", "connected sign-in providers")] : []),
  ];
}
