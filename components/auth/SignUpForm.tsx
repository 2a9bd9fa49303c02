import { useRouter } from "next/router";
import type { FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { sendJson, signInWithPassword, useFormFeedback, validateForm } from "@/lib/client";
import type { FieldErrors } from "@/lib/http/shared";
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
}

/**
 * Name, email and a new password, checked with the API's schema; a success
 * signs in and goes to `callbackUrl`. Without JavaScript (or before
 * hydration) the form posts itself to the same API, which answers with
 * redirects: the password goes in the body, never the URL.
 */
export function SignUpForm({ callbackUrl, csrfToken, initialError, initialFields }: SignUpFormProps) {
  const router = useRouter();
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback(initialError, initialFields);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields: invalid } = validateForm(signupSchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);

    await submit(async () => {
      await sendJson("/api/auth/signup", "POST", data);
      // Signed up: sign in with the same credentials and continue where the user was going.
      await router.push(await signInWithPassword({ email: data.email, password: data.password }, callbackUrl));
    });
  }

  return (
    <form ref={formRef} className={styles.form} method="post" action="/api/auth/signup" onSubmit={onSubmit} noValidate>
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={formError} />
      <TextField name="name" label="Name" autoComplete="name" required errors={fields.name} />
      <TextField name="email" label="Email" type="email" autoComplete="email" required errors={fields.email} />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint={NEW_PASSWORD_HINT}
        errors={fields.password}
      />
      <SubmitButton pending={pending} label="Create account" pendingLabel="Creating your account…" />
    </form>
  );
}
