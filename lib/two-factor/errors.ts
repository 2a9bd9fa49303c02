import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import type { SecondStepOutcome } from "./second-step";

/** Two-step verification's own error kinds (the generic ones are HttpError's). */
export const twoFactorErrors = {
  /** 400 on `field`: the code is wrong (or already used); `triesLeft` more before this challenge or the account is stopped. */
  wrongCode(field: string, triesLeft: number): HttpError {
    const more = triesLeft === 1 ? "1 more try" : `${triesLeft} more tries`;
    const message = triesLeft > 0 ? `That code is not right. You have ${more}.` : "That code is not right, and that was the last try for now.";
    return new HttpError(400, ErrorCode.InvalidTwoFactorCode, message, { fields: { [field]: [message] } });
  },

  /** 429 with Retry-After: too many wrong codes, for this challenge or (`account`) for the account as a whole. */
  locked(retryAfterSeconds: number, scope: "challenge" | "account"): HttpError {
    const message =
      scope === "account"
        ? "Too many wrong codes for this account: two-step verification is locked for now."
        : "Too many wrong codes here.";
    return new HttpError(429, ErrorCode.TwoFactorLocked, message, { headers: { "Retry-After": String(retryAfterSeconds) } });
  },

  /** 400: a code was given, but the account has no authenticator app. */
  notEnabled(): HttpError {
    return new HttpError(400, ErrorCode.TwoFactorNotEnabled, "Your account has no authenticator app. Use your password or another way instead.");
  },

  /** 403: an admin without a second factor, where REQUIRE_ADMIN_TWO_FACTOR asks for one. */
  setupRequired(): HttpError {
    return new HttpError(
      403,
      ErrorCode.TwoFactorSetupRequired,
      "Set up two-step verification (an authenticator app) or a passkey in Settings → Security before using the admin console.",
    );
  },
};

/** The error for a refused second factor: wrong (400 on `field`, tries left), or used up or locked (429). */
export function secondStepRefusal(outcome: Exclude<SecondStepOutcome, { ok: true }>, field: string): HttpError {
  if (outcome.problem === "wrong") return twoFactorErrors.wrongCode(field, outcome.triesLeft);
  return twoFactorErrors.locked(outcome.retryAfterSeconds, outcome.problem === "locked" ? "account" : "challenge");
}
