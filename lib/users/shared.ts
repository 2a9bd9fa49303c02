import { z } from "zod";
import { isAvatarUrl } from "@/lib/avatars/shared";
import type { Role } from "@/lib/access/shared";
import { currentPasswordSchema, newPasswordProblem, passwordSchema } from "@/lib/passwords/shared";
import { passkeyReauthSchema } from "@/lib/passkeys/shared";
import { totpCodeSchema } from "@/lib/two-factor/shared";

/**
 * User schemas and shapes shared by the browser forms and the API, so a person
 * sees the same field errors before submitting as the server would answer.
 */

/** Longest address SMTP can deliver to (RFC 5321 path limit less the brackets). */
const EMAIL_MAX_LENGTH = 254;

/**
 * Canonical form of an email: NFKC first (so a full-width "＠" or "ｅ" becomes
 * its ASCII twin *before* it is validated or compared), then trimmed and
 * lower-cased, and the domain in its ASCII (punycode) spelling, so that
 * `bücher.example` and `xn--bcher-kva.example` are one mailbox. One account
 * per mailbox, however it is typed. A domain with no ASCII spelling is left
 * as typed, for isValidEmail to refuse.
 */
export function normalizeEmail(value: string): string {
  const email = value.normalize("NFKC").trim().toLowerCase();
  const at = email.lastIndexOf("@");
  if (at < 0) return email;
  const domain = asciiDomain(email.slice(at + 1));
  return domain === null ? email : `${email.slice(0, at + 1)}${domain}`;
}

/** URL syntax, which no host name has: the URL parser would cut the domain there or decode it. */
const URL_SYNTAX = /[%/\\?#@:[\]]/;
/** What the URL parser makes of a domain whose last label is a number ("1.2.3.0x10"): an address, not a domain. */
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * A domain's ASCII spelling (IDNA, as browsers map host names: the URL
 * parser does it the same in the browser and in Node), or null when it has
 * none: URL syntax, an invalid label, an IP address.
 */
function asciiDomain(domain: string): string | null {
  if (URL_SYNTAX.test(domain) || !URL.canParse(`http://${domain}`)) return null;
  const { hostname } = new URL(`http://${domain}`);
  return IPV4.test(hostname) ? null : hostname;
}

/** Spaces, commas, quotes, brackets, control and invisible (format) characters. */
const FORBIDDEN_EMAIL_CHARACTERS = /[\s,;:"'`<>()[\]\\\p{Cc}\p{Cf}]/u;
const EMAIL_SHAPE = /^[^@]+@[^@.]+(\.[^@.]+)*\.[^@.]{2,}$/u;

/** Whether an already normalized email is acceptable (its domain already in its ASCII spelling). */
export function isValidEmail(email: string): boolean {
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_SHAPE.test(email) || FORBIDDEN_EMAIL_CHARACTERS.test(email)) return false;
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return asciiDomain(domain) === domain;
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

export const NAME_MAX_LENGTH = 80;

/** Longest image URL we store (an avatar link, not a data URL). */
const IMAGE_URL_MAX_LENGTH = 2048;

/**
 * An avatar link as stored: https only, at most IMAGE_URL_MAX_LENGTH
 * characters, or the app's own URL of a picture the user uploaded (which
 * only the upload sets: the profile form takes https links only).
 */
export function isValidImageUrl(value: unknown): boolean {
  if (isAvatarUrl(value)) return true;
  if (typeof value !== "string" || value.length > IMAGE_URL_MAX_LENGTH) return false;
  return URL.canParse(value) && new URL(value).protocol === "https:";
}

const nameSchema = z
  .string({ error: "Enter your name" })
  .transform((value) => value.normalize("NFKC").trim().replace(/\s+/g, " "))
  .pipe(
    z
      .string()
      .min(1, { error: "Enter your name", abort: true })
      .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters`)
      .refine((value) => !/[\p{Cc}\p{Cf}<>]/u.test(value), "Use letters, numbers and ordinary punctuation"),
  );

/**
 * `POST /api/auth/signup`. Unknown keys are dropped, never stored. The
 * password gets the new-password policy, but for the common-password list,
 * which the server adds (lib/email-flows/signup.ts).
 */
export const signupSchema = z
  .object({ name: nameSchema, email: emailSchema, password: passwordSchema })
  .superRefine(({ email, password }, ctx) => {
    // A length problem is already the field's own error; this adds the rules that need the email.
    if (!passwordSchema.safeParse(password).success) return;
    const problem = newPasswordProblem(password, { email });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export type SignupInput = z.infer<typeof signupSchema>;

/** `PATCH /api/user/profile`: either field, or both. The image must be an https URL (or null to remove it). */
export const profileUpdateSchema = z
  .object({
    name: nameSchema.optional(),
    image: z
      .url({ protocol: /^https$/, error: "Use an https:// link to an image" })
      .max(IMAGE_URL_MAX_LENGTH, "That link is too long")
      .nullable()
      .optional(),
  })
  .refine((update) => update.name !== undefined || update.image !== undefined, "Change your name or your picture");

export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

/**
 * `POST /api/user/password`. `currentPassword` is required when the account
 * has a password (the server checks); an OAuth-only account sets its first one.
 */
export const passwordChangeSchema = z.object({
  currentPassword: currentPasswordSchema.optional(),
  newPassword: passwordSchema,
});

export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** Re-authenticating with the password (POST /api/user/reauth). */
export const passwordReauthSchema = z.strictObject({ password: currentPasswordSchema });

/** Re-authenticating with a code from the authenticator app, for an account that has one. */
export const codeReauthSchema = z.strictObject({ code: totpCodeSchema });

/**
 * `POST /api/user/reauth`: one proof of who the caller is, before a sensitive
 * action: the password, an authenticator code, or a passkey's answer. Strict
 * objects for the first two, so a body with two of them matches neither.
 */
export const reauthSchema = z.union([passwordReauthSchema, codeReauthSchema, passkeyReauthSchema]);

/** What the API shows of a user: never the hash or the vault. */
export interface PublicUser {
  id: string;
  name: string | null;
  /** Null for an account without an address (an OAuth sign-in whose provider verified none). */
  email: string | null;
  image: string | null;
  role: Role;
  emailVerified: string | null;
  createdAt: string;
  /** False for an OAuth-only account: the password form then sets a first password. */
  hasPassword: boolean;
}

/** What `GET /api/user/me` and `PATCH /api/user/profile` answer with. */
export interface MeResponse {
  user: PublicUser;
}
