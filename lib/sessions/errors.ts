import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** Sessions' own error kinds (the generic ones are HttpError's). */
export const sessionErrors = {
  /**
   * 403: the action can take over the account, and the last sign-in is too
   * old; the client confirms the password (or signs in again) and retries.
   */
  reauthRequired(): HttpError {
    return new HttpError(403, ErrorCode.ReauthRequired, "For your security, confirm it is you: sign in again to continue");
  },
};
