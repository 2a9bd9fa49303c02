import { z } from "zod";

/**
 * The API's error vocabulary, shared by the server and the browser: every code
 * a client can be given, whether in an API error body or in NextAuth's
 * `?error=` after a refused sign-in. Clients may switch on these.
 */
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
  NoPassword: "NO_PASSWORD",
  ReauthRequired: "REAUTH_REQUIRED",
  LastSignInMethod: "LAST_SIGN_IN_METHOD",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  RateLimited: "RATE_LIMITED",
  // An uploaded picture that is not one we can decode, or that would decode to too many pixels.
  ImageInvalid: "IMAGE_INVALID",
  ImageTooManyPixels: "IMAGE_TOO_MANY_PIXELS",
  // Links sent by email, and the mail itself.
  LinkExpired: "LINK_EXPIRED",
  LinkInvalid: "LINK_INVALID",
  // The 6-digit code the verification mail carries: wrong (tries remain), or dead (expired, or tries used up: send a new one).
  CodeInvalid: "CODE_INVALID",
  CodeExpired: "CODE_EXPIRED",
  MailUnavailable: "MAIL_UNAVAILABLE",
  DatabaseUnavailable: "DATABASE_UNAVAILABLE",
  // This instance is shutting down: the same request on another instance (or this one restarted) will do.
  ServerStopping: "SERVER_STOPPING",
  Internal: "INTERNAL_ERROR",
  // Sign-in refusals. A wrong password and an unknown email share one code.
  InvalidCredentials: "INVALID_CREDENTIALS",
  AccountLocked: "ACCOUNT_LOCKED",
  AccountDisabled: "ACCOUNT_DISABLED",
  TooManyAttempts: "TOO_MANY_ATTEMPTS",
  SignInUnavailable: "SIGNIN_UNAVAILABLE",
  // Also: storing an API key or generating before the account's address is verified (403).
  EmailNotVerified: "EMAIL_NOT_VERIFIED",
  // The second step of a sign-in: needed (the password or provider was right), a wrong code, locked, or the pending sign-in gone.
  TwoFactorRequired: "TWO_FACTOR_REQUIRED",
  InvalidTwoFactorCode: "INVALID_TWO_FACTOR_CODE",
  InvalidRecoveryCode: "INVALID_RECOVERY_CODE",
  TwoFactorLocked: "TWO_FACTOR_LOCKED",
  TwoFactorExpired: "TWO_FACTOR_EXPIRED",
  // A passkey's answer that does not verify: unknown credential, used or foreign challenge, bad signature, no user verification.
  PasskeyNotRecognized: "PASSKEY_NOT_RECOGNIZED",
  // Code generation with the user's own provider key.
  NoApiKey: "NO_API_KEY",
  InvalidApiKey: "INVALID_API_KEY",
  ProviderRateLimited: "PROVIDER_RATE_LIMITED",
  ProviderError: "PROVIDER_ERROR",
  ProviderTimeout: "PROVIDER_TIMEOUT",
  // Two-step verification in Settings (its wrong code and lock are the sign-in's above): turning it on
  // twice or changing it while off (also a re-authentication's code without an app), and confirming
  // a setup that was never started.
  TwoFactorAlreadyEnabled: "TWO_FACTOR_ALREADY_ENABLED",
  TwoFactorNotEnabled: "TWO_FACTOR_NOT_ENABLED",
  TwoFactorSetupNotStarted: "TWO_FACTOR_SETUP_NOT_STARTED",
  // An admin without an authenticator app or a passkey, where REQUIRE_ADMIN_TWO_FACTOR asks for one (403 on /api/admin/*).
  TwoFactorSetupRequired: "TWO_FACTOR_SETUP_REQUIRED",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Field name → messages, as the forms show them next to each input. */
export type FieldErrors = Record<string, string[]>;

/** The one error body every API route answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

/** A zod error as per-field messages keyed by the dotted path ("_" for the object itself). */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** A MongoDB ObjectId as a URL carries it: 24 hex digits. */
const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/i;

/**
 * A route's `[id]` segment (an API route's `req.query`, a page's `params`)
 * that names a document by its ObjectId; `message` says what it should have
 * been ("Not a session id"), a 400 on the field `id`.
 */
export function objectIdParamSchema(message: string) {
  return z.object({ id: z.string().regex(OBJECT_ID_PATTERN, message) });
}

/**
 * A `Retry-After` value (seconds, or an HTTP date) as whole seconds from
 * `now`, rounded up; null when absent or unreadable. Callers bound it.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : (Date.parse(text) - now) / 1000;
  return Number.isFinite(seconds) ? Math.ceil(seconds) : null;
}
