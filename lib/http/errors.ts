import "#server-only";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/core/db";
import { ErrorCode, fieldErrorsFrom, type ErrorBody, type FieldErrors } from "./shared";

interface HttpErrorOptions {
  fields?: FieldErrors;
  headers?: Record<string, string>;
}

/**
 * An error whose status, code and message are safe to show the client. Made
 * by one function per kind of error, so a kind always has the same status,
 * code and wording: the generic kinds are the static constructors below, and
 * a feature's own kinds are in its `errors.ts` (lib/vault/errors.ts, …), so
 * this module knows no feature.
 */
export class HttpError extends Error {
  constructor(
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

  /** 401: no session. */
  static unauthenticated(): HttpError {
    return new HttpError(401, ErrorCode.Unauthenticated, "Sign in to continue");
  }

  /** 403: signed in, but the role or the access policy does not allow this. */
  static forbidden(message = "You do not have access to this"): HttpError {
    return new HttpError(403, ErrorCode.Forbidden, message);
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

  /** 413: the body is over `limitBytes`. */
  static payloadTooLarge(limitBytes: number): HttpError {
    return new HttpError(413, ErrorCode.PayloadTooLarge, `The body must be at most ${limitBytes / 1024} kB`);
  }

  /** 415: the body is not JSON. */
  static unsupportedMediaType(): HttpError {
    return new HttpError(415, ErrorCode.UnsupportedMediaType, "Send the body as application/json");
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
