import { z } from "zod";

/**
 * Password policy shared by the sign-up form and the API. Browser-safe: no
 * Node imports. The server-only checks (common passwords, hashing) live in
 * `lib/common-passwords.ts` and `lib/password.ts`.
 */

/**
 * Shortest password accepted, in characters (code points). Counting characters
 * keeps the message true for "éééé" (8 bytes, 4 characters), and 8 characters
 * are always at least 8 bytes.
 */
export const PASSWORD_MIN_CHARACTERS = 8;

/** Longest password accepted, in UTF-8 bytes: bcrypt silently ignores every byte after the 72nd. */
export const PASSWORD_MAX_BYTES = 72;

const utf8Encoder = new TextEncoder();

/** Length of `value` in UTF-8 bytes, the unit bcrypt counts in ("é" is 2, most emoji 4). */
export function utf8ByteLength(value: string): number {
  return utf8Encoder.encode(value).length;
}

const PASSWORD_MISSING_MESSAGE = "Enter a password";
const PASSWORD_TOO_SHORT_MESSAGE = `Use at least ${PASSWORD_MIN_CHARACTERS} characters`;
const PASSWORD_TOO_LONG_MESSAGE =
  `Use at most ${PASSWORD_MAX_BYTES} bytes: bcrypt would ignore the rest. ` +
  "Shorten it (emoji and accented letters count as several bytes)";

/**
 * A new password, exactly as typed: never trimmed, never case-folded, since
 * either would quietly change the secret the person chose. One message per
 * problem, so the form shows one line.
 */
export const passwordSchema = z.string({ error: PASSWORD_MISSING_MESSAGE }).superRefine((value, ctx) => {
  if (value.length === 0) {
    ctx.addIssue({ code: "custom", message: PASSWORD_MISSING_MESSAGE });
    return;
  }
  if ([...value].length < PASSWORD_MIN_CHARACTERS) ctx.addIssue({ code: "custom", message: PASSWORD_TOO_SHORT_MESSAGE });
  else if (utf8ByteLength(value) > PASSWORD_MAX_BYTES) ctx.addIssue({ code: "custom", message: PASSWORD_TOO_LONG_MESSAGE });
});

/** Case and width-insensitive form used only to compare, never to store. */
function comparable(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}

/**
 * A message when `password` is the email address or its local part (the
 * first thing an attacker who knows the address tries), else null. Called by
 * the sign-up schema's superRefine.
 */
export function passwordEqualsEmailMessage(password: string, email: string): string | null {
  const normalizedEmail = comparable(email.trim());
  if (normalizedEmail.length === 0) return null;
  const candidate = comparable(password);
  const at = normalizedEmail.lastIndexOf("@");
  const localPart = at > 0 ? normalizedEmail.slice(0, at) : null;
  if (candidate === normalizedEmail || candidate === localPart) {
    return "Your password must not be your email address";
  }
  return null;
}
