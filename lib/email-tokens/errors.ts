import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import type { EmailCodeProblem } from "./codes";
import { EMAIL_LINK_PROBLEM_MESSAGES, EMAIL_TOKEN_LIFETIME_SECONDS, type EmailTokenProblem } from "./shared";

/** Why an emailed link cannot be used, as the API answers it (the generic kinds are HttpError's). */
export const emailLinkErrors = {
  /**
   * 400: an emailed link that can no longer be used: expired (LINK_EXPIRED),
   * or unknown or cut short (LINK_INVALID: already used, replaced by a newer
   * one, or copied incompletely). `next` says what to do.
   */
  unusable(problem: EmailTokenProblem, next: string): HttpError {
    const code = problem === "expired" ? ErrorCode.LinkExpired : ErrorCode.LinkInvalid;
    return new HttpError(400, code, `${EMAIL_LINK_PROBLEM_MESSAGES[problem]} ${next}`);
  },

  /** 400 LINK_INVALID: a good link about an account that changed since it was sent (`why`, and what to do). */
  stale(why: string): HttpError {
    return new HttpError(400, ErrorCode.LinkInvalid, why);
  },
};

const SEND_ANOTHER = "Send a new code and use the one in the newest email.";

/** Why a typed verification code did not work, as the API answers it (on the field `code`, so the form shows it there). */
export const emailCodeErrors = {
  /** 400 CODE_INVALID (wrong, tries remain; or no code waits) or CODE_EXPIRED (expired, or out of tries: a new one is needed). */
  unusable(problem: EmailCodeProblem, triesLeft: number): HttpError {
    const minutes = EMAIL_TOKEN_LIFETIME_SECONDS["verify-email-code"] / 60;
    const answers: Record<EmailCodeProblem, { code: ErrorCode; message: string }> = {
      wrong: { code: ErrorCode.CodeInvalid, message: `That code is not right. ${triesLeft === 1 ? "1 try" : `${triesLeft} tries`} left.` },
      "used-up": { code: ErrorCode.CodeExpired, message: `Too many wrong tries: this code no longer works. ${SEND_ANOTHER}` },
      expired: { code: ErrorCode.CodeExpired, message: `This code has expired (codes work for ${minutes} minutes). ${SEND_ANOTHER}` },
      missing: { code: ErrorCode.CodeInvalid, message: `No code is waiting: it was already used, or none was sent. ${SEND_ANOTHER}` },
    };
    const { code, message } = answers[problem];
    return new HttpError(400, code, message, { fields: { code: [message] } });
  },
};
