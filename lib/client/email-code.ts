import "client-only";
import { sendJson } from "./api-client";
import type { EmailCodeInput, EmailCodeVerifiedResponse } from "@/lib/email-flows/shared";
import type { MailDeliveryResponse } from "@/lib/mail/shared";

/**
 * The signed-in person's verification code ("Check your email", the banner).
 * Each throws `ApiError`; the caller refreshes the session afterwards, so the
 * banner goes at once.
 */

/** `POST /api/user/email/verify-code`: 400 CODE_INVALID / CODE_EXPIRED on `code`, 429 when too many were tried. */
export function verifyEmailCode(input: EmailCodeInput): Promise<EmailCodeVerifiedResponse> {
  return sendJson<EmailCodeVerifiedResponse>("/api/user/email/verify-code", "POST", input);
}

/** `POST /api/user/email/verification`: a new code (and link) to the account's unverified address; the old code stops working. */
export function resendEmailCode(): Promise<MailDeliveryResponse> {
  return sendJson<MailDeliveryResponse>("/api/user/email/verification", "POST");
}

/** Seconds "Resend code" waits after a send, so a second press does not race the first mail. */
export const RESEND_COOL_DOWN_SECONDS = 30;
