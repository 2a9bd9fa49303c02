import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** Linked accounts' own error kinds (the generic ones are HttpError's). */
export const accountErrors = {
  /** 409: removing this sign-in method would leave the account with no way in. */
  lastSignInMethod(): HttpError {
    return new HttpError(409, ErrorCode.LastSignInMethod, "This is your only way to sign in. Set a password, connect another account or add a passkey first.");
  },
};
