import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** "a…@example.com": enough for the owner to recognise their address, no more for someone at their screen. */
function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${email[0]}…${email.slice(at)}` : email;
}

/** The account's own error kinds (the generic ones are HttpError's). */
export const userErrors = {
  /** 409: the email already has an account (at sign-up, on `email`; when changing an address, on `newEmail`). */
  emailTaken(field: "email" | "newEmail" = "email"): HttpError {
    const advice = field === "email" ? "An account with this email already exists. Sign in instead?" : "Another account uses this address.";
    return new HttpError(409, ErrorCode.EmailTaken, "An account with this email already exists", { fields: { [field]: [advice] } });
  },

  /** 400: the current password given for a change is wrong. */
  wrongPassword(field: string): HttpError {
    const message = "Your current password is incorrect";
    return new HttpError(400, ErrorCode.WrongPassword, message, { fields: { [field]: [message] } });
  },

  /**
   * 403 EMAIL_NOT_VERIFIED: storing an API key or generating needs a verified
   * address (`email`, masked in the message), or, for an account without one,
   * an address added and confirmed first.
   */
  emailNotVerified(email: string | null): HttpError {
    const message = email
      ? `Verify your email first: enter the code we sent to ${maskEmail(email)}, or send a new one from Settings.`
      : "Add an email address in Settings and confirm it first: storing API keys and generating need a confirmed address.";
    return new HttpError(403, ErrorCode.EmailNotVerified, message);
  },

  /** 400: the account has no password to confirm (it signs in with a provider). */
  noPassword(): HttpError {
    return new HttpError(400, ErrorCode.NoPassword, "Your account has no password. Sign in again with your provider instead.");
  },
};
