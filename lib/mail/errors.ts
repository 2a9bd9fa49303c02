import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** Mail's own error kinds (the generic ones are HttpError's). */
export const mailErrors = {
  /** 503: mail cannot be sent right now (the outbox is full). */
  unavailable(): HttpError {
    return new HttpError(503, ErrorCode.MailUnavailable, "We cannot send email right now. Please try again in a few minutes.", {
      headers: { "Retry-After": "60" },
    });
  },
};
