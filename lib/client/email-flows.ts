import "client-only";
import { ErrorCode } from "@/lib/http/shared";
import { ApiError, sendJson } from "./api-client";
import type {
  EmailChangeConfirmedResponse,
  EmailChangeRevertedResponse,
  EmailVerifiedResponse,
  NeutralAnswer,
  PasswordResetResponse,
  ResetPasswordInput,
  VerifyEmailInput,
} from "@/lib/email-flows/shared";

/**
 * The public pages of the email flows (forgot password, the links from the
 * mails, "Send a new link" on the sign-in page). Each throws `ApiError`.
 */

/** `POST /api/auth/forgot-password`: the same answer whether or not an account uses `email`. */
export function requestPasswordReset(email: string): Promise<NeutralAnswer> {
  return sendJson<NeutralAnswer>("/api/auth/forgot-password", "POST", { email });
}

/** `POST /api/auth/reset-password`: the new password; every session of the account ends. */
export function resetPassword(input: ResetPasswordInput): Promise<PasswordResetResponse> {
  return sendJson<PasswordResetResponse>("/api/auth/reset-password", "POST", input);
}

/** `POST /api/auth/resend-verification`: the same answer whether or not an account uses `email`. */
export function resendVerificationLink(email: string): Promise<NeutralAnswer> {
  return sendJson<NeutralAnswer>("/api/auth/resend-verification", "POST", { email });
}

/** `POST /api/auth/verify-email`: the account's password confirms the address the link was sent to. */
export function verifyEmailAddress(input: VerifyEmailInput): Promise<EmailVerifiedResponse> {
  return sendJson<EmailVerifiedResponse>("/api/auth/verify-email", "POST", input);
}

/** `POST /api/auth/confirm-email`: the account takes the new address the link was sent to. */
export function confirmEmailChange(token: string): Promise<EmailChangeConfirmedResponse> {
  return sendJson<EmailChangeConfirmedResponse>("/api/auth/confirm-email", "POST", { token });
}

/** `POST /api/auth/revert-email-change` ("This wasn't me"): the change is undone and every device signed out. */
export function revertEmailChange(token: string): Promise<EmailChangeRevertedResponse> {
  return sendJson<EmailChangeRevertedResponse>("/api/auth/revert-email-change", "POST", { token });
}

/** True when an emailed link can no longer be used (400 LINK_EXPIRED or LINK_INVALID): the page replaces its form with the message. */
export function isLinkProblem(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.code === ErrorCode.LinkExpired || error.code === ErrorCode.LinkInvalid);
}
