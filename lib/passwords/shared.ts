import { z } from "zod";

/**
 * The one new-password policy, for the browser forms (sign-up, password
 * change, reset) and the server (sign-up, password change, seed), and the
 * strength meter built on it. Browser-safe: the common-password list (~380 kB)
 * is passed in as `isCommon`, loaded at once on the server
 * (lib/passwords/common-passwords.ts) and lazily in the browser
 * (lib/client/common-passwords.ts), both through `commonPasswordCheck`.
 */

/**
 * The policy's numbers. The minimum counts characters (code points), so the
 * message stays true for "éééé" (8 bytes, 4 characters); the maximum counts
 * UTF-8 bytes, because bcrypt silently ignores every byte after the 72nd.
 */
export const PASSWORD_RULES = { minCharacters: 8, maxBytes: 72 } as const;

/** What a person is told about each rule. */
const passwordMessages = {
  missing: "Enter a password",
  tooShort: `Use at least ${PASSWORD_RULES.minCharacters} characters`,
  tooLong:
    `Use at most ${PASSWORD_RULES.maxBytes} bytes: bcrypt would ignore the rest. ` +
    "Shorten it (emoji and accented letters count as several bytes)",
  sameAsEmail: "Your password must not be your email address",
  common: "This password is one of the most common passwords and easy to guess. Choose another.",
} as const;

/**
 * The hint under every new-password field. It speaks of characters for both
 * numbers, as people count; the byte rule's own message explains itself when
 * a password of accented letters or emoji breaks it.
 */
export const NEW_PASSWORD_HINT = `${PASSWORD_RULES.minCharacters} to ${PASSWORD_RULES.maxBytes} characters; longer passphrases are stronger.`;

const utf8Encoder = new TextEncoder();

/** Length of `value` in UTF-8 bytes, the unit bcrypt counts in ("é" is 2, most emoji 4). */
export function utf8ByteLength(value: string): number {
  return utf8Encoder.encode(value).length;
}

/** The length rules alone: the first one `password` breaks, or null. */
function lengthProblem(password: string): string | null {
  if (password.length === 0) return passwordMessages.missing;
  if ([...password].length < PASSWORD_RULES.minCharacters) return passwordMessages.tooShort;
  if (utf8ByteLength(password) > PASSWORD_RULES.maxBytes) return passwordMessages.tooLong;
  return null;
}

/** Case and width-insensitive form used only to compare, never to store. */
function comparable(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}

/** True when `password` is the email address or its local part: the first guess of anyone who knows the address. */
function equalsEmail(password: string, email: string): boolean {
  const normalizedEmail = comparable(email.trim());
  if (normalizedEmail.length === 0) return false;
  const candidate = comparable(password);
  const at = normalizedEmail.lastIndexOf("@");
  return candidate === normalizedEmail || (at > 0 && candidate === normalizedEmail.slice(0, at));
}

interface NewPasswordContext {
  /** The account's email: the password must not be it. */
  email: string;
  /** The common-password check (`commonPasswordCheck`); the browser has none until the list has loaded. */
  isCommon?: (password: string) => boolean;
}

/**
 * The common-password rule's check over zxcvbn's list, whose entries are all
 * lower-case: case is ignored. One implementation for the server and the browser.
 */
export function commonPasswordCheck(list: readonly string[]): (password: string) => boolean {
  const common = new Set(list);
  return (password) => common.has(password.toLowerCase());
}

/**
 * The policy: the message for the first rule `password` breaks, or null when
 * it is acceptable. One message per problem, so a form shows one line.
 */
export function newPasswordProblem(password: string, { email, isCommon }: NewPasswordContext): string | null {
  const problem = lengthProblem(password);
  if (problem) return problem;
  if (equalsEmail(password, email)) return passwordMessages.sameAsEmail;
  if (isCommon?.(password)) return passwordMessages.common;
  return null;
}

/** How strong a new password is: nothing typed yet, a rule broken (with its message), or by length. */
export type PasswordStrength = { level: "empty" } | { level: "too-weak"; problem: string } | { level: "fair" | "good" | "strong" };

/**
 * Lengths in characters from which a password that keeps every rule counts as
 * good or strong: length is what makes a password hard to guess, so
 * passphrases of several words rank highest.
 */
const STRENGTH_FROM_CHARACTERS = { good: 12, strong: 16 } as const;

/** The strength meter's reading: the policy first (any broken rule is "too weak"), then length. */
export function passwordStrength(password: string, context: NewPasswordContext): PasswordStrength {
  const problem = newPasswordProblem(password, context);
  if (password.length === 0) return { level: "empty" };
  if (problem) return { level: "too-weak", problem };
  const characters = [...password].length;
  if (characters >= STRENGTH_FROM_CHARACTERS.strong) return { level: "strong" };
  return { level: characters >= STRENGTH_FROM_CHARACTERS.good ? "good" : "fair" };
}

/**
 * A password field of a form or request body, with the length rules only (the
 * rest need the email: `newPasswordProblem`). Exactly as typed: never
 * trimmed, never case-folded, since either would quietly change the secret.
 */
export const passwordSchema = z.string({ error: passwordMessages.missing }).superRefine((value, ctx) => {
  const problem = lengthProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * A password typed to prove who you are (sign-in, current password, re-auth):
 * present, and within bcrypt's 72 bytes, since no stored password is longer.
 */
export const currentPasswordSchema = z
  .string({ error: passwordMessages.missing })
  .min(1, passwordMessages.missing)
  .refine((value) => utf8ByteLength(value) <= PASSWORD_RULES.maxBytes, passwordMessages.tooLong);

/** A bcrypt hash: `$2a$`, `$2b$` or `$2y$`, a two-digit cost, then 53 characters of salt and hash. */
export const BCRYPT_HASH_SHAPE = /^\$2[aby]?\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/** Whether `value` is a bcrypt hash, the only form a password is ever stored in. */
export function isBcryptHash(value: unknown): boolean {
  return typeof value === "string" && BCRYPT_HASH_SHAPE.test(value);
}
