import { z } from "zod";
import { currentPasswordSchema, passwordSchema } from "@/lib/passwords/shared";
import { emailSchema } from "@/lib/users/shared";

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
