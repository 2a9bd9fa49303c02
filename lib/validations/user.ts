import { z } from "zod";
import { emailSchema } from "@/lib/validations/email";
import { passwordEqualsEmailMessage, passwordSchema } from "@/lib/validations/password";

/** Longest image URL we store (an avatar link, not a data URL). */
export const IMAGE_URL_MAX_LENGTH = 2048;

/**
 * User schemas shared by the browser forms and the API, so a person sees the
 * same field errors before submitting as the server would answer.
 */

export const NAME_MAX_LENGTH = 80;

export const nameSchema = z
  .string({ error: "Enter your name" })
  .transform((value) => value.normalize("NFKC").trim().replace(/\s+/g, " "))
  .pipe(
    z
      .string()
      .min(1, { error: "Enter your name", abort: true })
      .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters`)
      .refine((value) => !/[\p{Cc}\p{Cf}<>]/u.test(value), "Use letters, numbers and ordinary punctuation"),
  );

/** `POST /api/auth/signup`. Unknown keys are dropped, never stored. */
export const signupSchema = z
  .object({ name: nameSchema, email: emailSchema, password: passwordSchema })
  .superRefine(({ email, password }, ctx) => {
    const message = passwordEqualsEmailMessage(password, email);
    if (message) ctx.addIssue({ code: "custom", path: ["password"], message });
  });

export type SignupInput = z.infer<typeof signupSchema>;

/** Sign-in form: only checks shape; the password policy applies to new passwords only. */
export const signinSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024),
});

export type SigninInput = z.infer<typeof signinSchema>;

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
  currentPassword: z.string().max(1024).optional(),
  newPassword: passwordSchema,
});

export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** What `GET /api/user/me` and `PATCH /api/user/profile` answer with. */
export interface MeResponse {
  user: {
    id: string;
    name: string | null;
    email: string;
    image: string | null;
    role: "user" | "admin";
    emailVerified: string | null;
    createdAt: string;
    /** False for an OAuth-only account: the password form then sets a first password. */
    hasPassword: boolean;
  };
}

/** One row of `GET /api/user/sessions`. */
export interface DeviceSessionView {
  id: string;
  /** The session making this request. */
  current: boolean;
  browser: string;
  os: string;
  ip: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface SessionsResponse {
  sessions: DeviceSessionView[];
}
