import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import { EMAIL_LINK_PROBLEM_MESSAGES, type EmailTokenProblem } from "./shared";

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
