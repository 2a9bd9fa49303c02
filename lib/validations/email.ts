import { z } from "zod";

/** Longest address SMTP can deliver to (RFC 5321 path limit less the brackets). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * Canonical form of an email: NFKC first (so a full-width "＠" or "ｅ" becomes
 * its ASCII twin *before* it is validated or compared), then trimmed and
 * lower-cased. One account per mailbox, however it is typed.
 */
export function normalizeEmail(value: string): string {
  return value.normalize("NFKC").trim().toLowerCase();
}

/** Spaces, commas, quotes, brackets, control and invisible (format) characters. */
const FORBIDDEN_EMAIL_CHARACTERS = /[\s,;:"'`<>()[\]\\\p{Cc}\p{Cf}]/u;
const EMAIL_SHAPE = /^[^@]+@[^@.]+(\.[^@.]+)*\.[^@.]{2,}$/u;

/** Whether an already normalized email is acceptable. */
export function isValidEmail(email: string): boolean {
  return email.length <= EMAIL_MAX_LENGTH && EMAIL_SHAPE.test(email) && !FORBIDDEN_EMAIL_CHARACTERS.test(email);
}

/** A string email, normalized, then validated. */
export const emailSchema = z
  .string({ error: "Enter your email address" })
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, { error: "Enter your email address", abort: true })
      .refine(isValidEmail, "Enter a valid email address, like name@example.com"),
  );
