import { z } from "zod";
import { emailSchema } from "@/lib/validations/email";
import { passwordEqualsEmailMessage, passwordSchema } from "@/lib/validations/password";

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
