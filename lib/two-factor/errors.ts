import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** Two-step verification's own error kinds (the generic ones are HttpError's). */
export const twoFactorErrors = {
  /** 400 on `code`: not the current code of the authenticator app; `triesLeft` when a limit counts them. */
  invalidCode(triesLeft?: number): HttpError {
    const left = triesLeft === undefined ? "" : ` ${triesLeft} ${triesLeft === 1 ? "try" : "tries"} left.`;
    const message = `That code did not work. Enter the 6-digit code your authenticator app shows now.${left}`;
    return new HttpError(400, ErrorCode.InvalidTwoFactorCode, message, { fields: { code: [message] } });
  },

  /** 429 with Retry-After: too many wrong codes for the account; its second step waits. */
  locked(retryAfterSeconds: number): HttpError {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return new HttpError(429, ErrorCode.TwoFactorLocked, `Too many wrong codes. Try again in ${minutes} min.`, {
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  },

  /** 409: the authenticator app is already on (turn it off first to set up another). */
  alreadyEnabled(): HttpError {
    return new HttpError(409, ErrorCode.TwoFactorAlreadyEnabled, "Two-step verification is already on");
  },

  /** 409: the action needs the authenticator app on. */
  notEnabled(): HttpError {
    return new HttpError(409, ErrorCode.TwoFactorNotEnabled, "Two-step verification is off");
  },

  /** 403: an admin without a second factor, where REQUIRE_ADMIN_TWO_FACTOR asks for one (lib/auth/guards.ts). */
  adminSetupRequired(): HttpError {
    return new HttpError(
      403,
      ErrorCode.TwoFactorSetupRequired,
      "Set up two-step verification (an authenticator app) or a passkey in Settings → Security before using the admin console.",
    );
  },

  /** 409: a code arrived for a setup that was never started (or was replaced and confirmed elsewhere). */
  setupRequired(): HttpError {
    return new HttpError(409, ErrorCode.TwoFactorSetupNotStarted, "Start the setup again: no authenticator app is waiting for a code");
  },
};
