import { z } from "zod";

/** Every error code an API response can carry; clients may switch on these. */
export const ErrorCode = {
  BadRequest: "BAD_REQUEST",
  ValidationFailed: "VALIDATION_FAILED",
  Unauthenticated: "UNAUTHENTICATED",
  Forbidden: "FORBIDDEN",
  CrossSiteRequest: "CROSS_SITE_REQUEST",
  NotFound: "NOT_FOUND",
  MethodNotAllowed: "METHOD_NOT_ALLOWED",
  Conflict: "CONFLICT",
  EmailTaken: "EMAIL_TAKEN",
  WrongPassword: "WRONG_PASSWORD",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  RateLimited: "RATE_LIMITED",
  DatabaseUnavailable: "DATABASE_UNAVAILABLE",
  Internal: "INTERNAL_ERROR",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Field name → messages, as the forms show them next to each input. */
export type FieldErrors = Record<string, string[]>;

/** The one error body every API route answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

/** An error whose status, code and message are safe to show the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly options: { fields?: FieldErrors; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The signed-in user's account is gone (deleted since the session began). */
export function accountNotFound(): HttpError {
  return new HttpError(404, ErrorCode.NotFound, "Your account no longer exists");
}

/** Thrown when MongoDB cannot be reached in time. */
export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("The database is unreachable", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** True when the error is ours (a 5xx) and belongs in the server log. */
  log: boolean;
}

const databaseErrorNames = new Set([
  "DatabaseUnavailableError",
  "MongooseServerSelectionError",
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
]);

/** Turns a zod error into per-field messages keyed by the dotted path. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
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
  if (error instanceof Error && databaseErrorNames.has(error.name)) {
    const body = errorBody(ErrorCode.DatabaseUnavailable, "The database is unavailable, please try again shortly");
    return { status: 503, body, headers: { "Retry-After": "5" }, log: true };
  }
  const body = errorBody(ErrorCode.Internal, "Something went wrong on our side");
  return { status: 500, body, headers: {}, log: true };
}

/** MongoDB's E11000: a unique index refused the write. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 11000;
}
