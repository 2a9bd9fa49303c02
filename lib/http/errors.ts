import "#server-only";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/core/db";
import { EMAIL_LINK_PROBLEM_MESSAGES, type EmailTokenProblem } from "@/lib/email-tokens/shared";
import { ErrorCode, fieldErrorsFrom, type ErrorBody, type FieldErrors } from "./shared";

interface HttpErrorOptions {
  fields?: FieldErrors;
  headers?: Record<string, string>;
}

/**
 * An error whose status, code and message are safe to show the client. Made
 * only by the static constructors below, one per kind of error, so a kind
 * always has the same status, code and wording.
 */
export class HttpError extends Error {
  private constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly options: HttpErrorOptions = {},
  ) {
    super(message);
    this.name = "HttpError";
  }

  /** 400: the request cannot be read at all (e.g. broken JSON). */
  static badRequest(message: string): HttpError {
    return new HttpError(400, ErrorCode.BadRequest, message);
  }

  /** 400: one field is invalid, with the message to show next to it. */
  static invalidField(field: string, message: string): HttpError {
    return new HttpError(400, ErrorCode.ValidationFailed, "Some fields are invalid", { fields: { [field]: [message] } });
  }

  /** 400: the current password given for a change is wrong. */
  static wrongPassword(field: string): HttpError {
    const message = "Your current password is incorrect";
    return new HttpError(400, ErrorCode.WrongPassword, message, { fields: { [field]: [message] } });
  }

  /** 400: the account has no password to confirm (it signs in with a provider). */
  static noPassword(): HttpError {
    return new HttpError(400, ErrorCode.NoPassword, "Your account has no password. Sign in again with your provider instead.");
  }

  /** 401: no session. */
  static unauthenticated(): HttpError {
    return new HttpError(401, ErrorCode.Unauthenticated, "Sign in to continue");
  }

  /** 403: signed in, but the role or the access policy does not allow this. */
  static forbidden(message = "You do not have access to this"): HttpError {
    return new HttpError(403, ErrorCode.Forbidden, message);
  }

  /**
   * 403: the action can take over the account, and the last sign-in is too
   * old; the client confirms the password (or signs in again) and retries.
   */
  static reauthRequired(): HttpError {
    return new HttpError(403, ErrorCode.ReauthRequired, "For your security, confirm it is you: sign in again to continue");
  }

  /** 403: a state change from another site (CSRF). */
  static crossSiteRequest(): HttpError {
    return new HttpError(403, ErrorCode.CrossSiteRequest, "Cross-site requests are not allowed");
  }

  /** 404: it does not exist, or it belongs to someone else (the same answer, so neither is revealed). */
  static notFound(message: string): HttpError {
    return new HttpError(404, ErrorCode.NotFound, message);
  }

  /** 404: the signed-in user's account is gone (deleted since the session began). */
  static accountNotFound(): HttpError {
    return HttpError.notFound("Your account no longer exists");
  }

  /** 405, with the `Allow` header listing the methods the route has. */
  static methodNotAllowed(allowed: string): HttpError {
    return new HttpError(405, ErrorCode.MethodNotAllowed, `Use ${allowed} for this route`, { headers: { Allow: allowed } });
  }

  /** 409: the account is not in a state that allows this. */
  static conflict(message: string): HttpError {
    return new HttpError(409, ErrorCode.Conflict, message);
  }

  /** 409: removing this sign-in method would leave the account with no way in. */
  static lastSignInMethod(): HttpError {
    return new HttpError(
      409,
      ErrorCode.LastSignInMethod,
      "This is your only way to sign in. Set a password or connect another account first.",
    );
  }

  /** 409: the email already has an account (at sign-up, on `email`; when changing an address, on `newEmail`). */
  static emailTaken(field: "email" | "newEmail" = "email"): HttpError {
    const advice = field === "email" ? "An account with this email already exists. Sign in instead?" : "Another account uses this address.";
    return new HttpError(409, ErrorCode.EmailTaken, "An account with this email already exists", { fields: { [field]: [advice] } });
  }

  /**
   * 400: an emailed link that can no longer be used: expired, or unknown
   * (already used, replaced by a newer one, or mistyped). `next` says what to do.
   */
  static emailLink(problem: EmailTokenProblem, next: string): HttpError {
    const code = problem === "expired" ? ErrorCode.LinkExpired : ErrorCode.LinkInvalid;
    return new HttpError(400, code, `${EMAIL_LINK_PROBLEM_MESSAGES[problem]} ${next}`);
  }

  /** 400 LINK_INVALID: a good link about an account that changed since it was sent (`why`, and what to do). */
  static staleEmailLink(why: string): HttpError {
    return new HttpError(400, ErrorCode.LinkInvalid, why);
  }

  /** 503: mail cannot be sent right now (the outbox is full). */
  static mailUnavailable(): HttpError {
    return new HttpError(503, ErrorCode.MailUnavailable, "We cannot send email right now. Please try again in a few minutes.", {
      headers: { "Retry-After": "60" },
    });
  }

  /** 413: the body is over `limitBytes`. */
  static payloadTooLarge(limitBytes: number): HttpError {
    return new HttpError(413, ErrorCode.PayloadTooLarge, `The body must be at most ${limitBytes / 1024} kB`);
  }

  /** 415: the body is not JSON. */
  static unsupportedMediaType(): HttpError {
    return new HttpError(415, ErrorCode.UnsupportedMediaType, "Send the body as application/json");
  }

  /** 400: the provider's key this needs is not stored (or no longer decrypts); where to add one. */
  static noApiKey(provider: string, unreadable = false): HttpError {
    const message = unreadable
      ? `Your stored ${provider} key can no longer be read. Replace it in Settings → API keys.`
      : `Add your ${provider} API key in Settings → API keys first.`;
    return new HttpError(400, ErrorCode.NoApiKey, message);
  }

  /** 400: the provider refused the stored key (401/403 upstream). */
  static invalidApiKey(provider: string): HttpError {
    return new HttpError(400, ErrorCode.InvalidApiKey, `${provider} rejected your API key. Replace it in Settings → API keys.`);
  }

  /** 429, with the provider's `Retry-After` passed on. */
  static providerRateLimited(provider: string, retryAfterSeconds: number): HttpError {
    return new HttpError(429, ErrorCode.ProviderRateLimited, `${provider} is rate-limiting your key. Try again in ${retryAfterSeconds} s.`, {
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  }

  /** 502: the provider failed (an error answer, or it could not be reached). */
  static providerError(provider: string): HttpError {
    return new HttpError(502, ErrorCode.ProviderError, `${provider} failed to answer. Try again in a moment.`);
  }

  /** 504: the provider sent nothing within the time allowed. */
  static providerTimeout(provider: string, seconds: number): HttpError {
    return new HttpError(504, ErrorCode.ProviderTimeout, `${provider} did not start answering within ${seconds} s. Try again, or pick another model.`);
  }

  /** 429, with `Retry-After`: a limit refused this attempt. */
  static rateLimited(message: string, retryAfterSeconds: number): HttpError {
    return new HttpError(429, ErrorCode.RateLimited, message, { headers: { "Retry-After": String(retryAfterSeconds) } });
  }
}

interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** True when the error is ours (a 5xx) and belongs in the server log. */
  log: boolean;
}

function errorBody(code: ErrorCode, message: string, fields?: FieldErrors): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/**
 * Maps anything thrown by a route to a status and a safe body: client mistakes
 * keep their message, duplicate keys become 409, an unreachable database 503,
 * and everything else a generic 500 whose details go to the server log only.
 */
export function mapError(error: unknown): MappedError {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: errorBody(error.code, error.message, error.options.fields),
      headers: error.options.headers ?? {},
      log: error.status >= 500,
    };
  }
  if (error instanceof z.ZodError) {
    const body = errorBody(ErrorCode.ValidationFailed, "Some fields are invalid", fieldErrorsFrom(error));
    return { status: 400, body, headers: {}, log: false };
  }
  if (isDuplicateKeyError(error)) {
    return { status: 409, body: errorBody(ErrorCode.Conflict, "That already exists"), headers: {}, log: false };
  }
  if (isDatabaseUnavailable(error)) {
    const body = errorBody(ErrorCode.DatabaseUnavailable, "The database is unavailable, please try again shortly");
    return { status: 503, body, headers: { "Retry-After": "5" }, log: true };
  }
  const body = errorBody(ErrorCode.Internal, "Something went wrong on our side");
  return { status: 500, body, headers: {}, log: true };
}

/**
 * A unique index refused the write: MongoDB's E11000. FerretDB v1 answers an
 * insert the same way, but an update with its SQLite backend's own words
 * (code 1, "UNIQUE constraint failed"), which means the same thing.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  if (error.code === 11000) return true;
  return error.code === 1 && error instanceof Error && error.message.includes("UNIQUE constraint failed");
}
