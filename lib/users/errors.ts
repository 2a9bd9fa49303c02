import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

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

  /** 400: the account has no password to confirm (it signs in with a provider). */
  noPassword(): HttpError {
    return new HttpError(400, ErrorCode.NoPassword, "Your account has no password. Sign in again with your provider instead.");
  },
};
