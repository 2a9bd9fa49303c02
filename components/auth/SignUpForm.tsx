import Link from "next/link";
import { useRouter } from "next/router";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { ApiError, sendJson, signInWithPassword, useFormFeedback, validateForm } from "@/lib/client";
import { ErrorCode, type FieldErrors } from "@/lib/http/shared";
import { NEW_PASSWORD_HINT } from "@/lib/passwords/shared";
import { signupSchema } from "@/lib/users/shared";

interface SignUpFormProps {
  /** Where to go once signed in: a same-origin path. */
  callbackUrl: string;
  /** NextAuth's CSRF token, so a form post without JavaScript can sign the new user in. */
  csrfToken: string;
  /** What the server rendered after a form post failed (`?error=`): never a typed value. */
  initialError: string | null;
  initialFields: FieldErrors;
  /** The form post failed because the email already has an account (the page does not know which email). */
  initialEmailTaken: boolean;
}

/** The words next to a taken email, followed by the "Sign in instead" link. */
const EMAIL_TAKEN_MESSAGE = "An account with this email already exists.";

/** The step after sign-up: the code from the verification mail (pages/auth/check-email.tsx). */
const CHECK_EMAIL_PAGE = "/auth/check-email";

/**
 * Name, email and a new password, checked with the API's schema; a success
 * signs in and asks for the code from the verification mail, then goes on to
 * `callbackUrl`; an error next to a field goes once the field is valid.
 * Without JavaScript (or before
 * hydration) the form posts itself to the same API, which answers with
 * redirects: the password goes in the body, never the URL. A taken email
 * offers to sign in instead, with that email filled in when it is known.
 */
export function SignUpForm({ callbackUrl, csrfToken, initialError, initialFields, initialEmailTaken }: SignUpFormProps) {
  const router = useRouter();
  const { formRef, fields, formError, pending, showErrors, submit, clearFixedFields } = useFormFeedback(initialError, initialFields);
  /** What is typed in the email field: the strength meter's "not your email" rule. */
  const [email, setEmail] = useState("");
  /** The email the server said has an account ("" after a form post, which does not send it back), else null. */
  const [takenEmail, setTakenEmail] = useState<string | null>(initialEmailTaken ? "" : null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTakenEmail(null);
    const { data, fields: invalid } = validateForm(signupSchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);

    await submit(async () => {
      try {
        await sendJson("/api/auth/signup", "POST", data);
      } catch (error) {
        if (error instanceof ApiError && error.code === ErrorCode.EmailTaken) setTakenEmail(data.email);
        throw error;
      }
      // Signed up: sign in with the same credentials, then the code from the verification mail ("Skip for now" goes on).
      const next = await signInWithPassword({ email: data.email, password: data.password }, callbackUrl);
      await router.push({ pathname: CHECK_EMAIL_PAGE, query: { callbackUrl: next } });
    });
  }

  /** As the person types: an error goes as soon as its field is valid (new ones wait for a submit). */
  function onInput(event: FormEvent<HTMLFormElement>) {
    const { fields: invalid } = validateForm(signupSchema, Object.fromEntries(new FormData(event.currentTarget)));
    clearFixedFields(invalid ?? {});
  }

  const signInInstead = { pathname: "/auth/signin", query: takenEmail ? { email: takenEmail, callbackUrl } : { callbackUrl } };

  return (
    <form ref={formRef} className={styles.form} method="post" action="/api/auth/signup" onSubmit={onSubmit} onInput={onInput} noValidate>
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={formError} />
      {/* The page's one purpose: start typing at once, in its first field. */}
      <TextField name="name" label="Name" autoComplete="name" required autoFocus errors={fields.name} />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        onChange={(event) => {
          setEmail(event.target.value);
          if (takenEmail !== null) setTakenEmail(null);
        }}
        errors={takenEmail !== null ? [EMAIL_TAKEN_MESSAGE] : fields.email}
        errorAction={takenEmail !== null && <Link href={signInInstead}>Sign in instead</Link>}
      />
      <PasswordField
        name="password"
        label="Password"
        autoComplete="new-password"
        required
        hint={NEW_PASSWORD_HINT}
        errors={fields.password}
        strengthMeter={{ email }}
      />
      <SubmitButton pending={pending} label="Create account" pendingLabel="Creating your account…" />
    </form>
  );
}
