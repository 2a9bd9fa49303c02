import { useRouter } from "next/router";
import type { FormEvent } from "react";
import { LastUsed } from "./ProviderButtons";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { signinSchema } from "@/lib/auth/shared";
import { signInWithPassword, useFormFeedback, validateForm } from "@/lib/client";

interface SignInFormProps {
  /** Where to go once signed in: a same-origin path. */
  callbackUrl: string;
  /** This browser signed in with a password last time: mark the button. */
  passwordLastUsed: boolean;
  /** Why the last sign-in was refused, when the page was reached with `?error=`. */
  initialError: string | null;
  /** NextAuth's CSRF token for the visitor's cookie, so the form also works as a plain POST (no JavaScript). */
  csrfToken: string;
  /** Reached right after signing up without JavaScript. */
  accountCreated: boolean;
}

/**
 * Email and password, checked with the API's schema before anything is sent.
 * Without JavaScript (or before
 * hydration) the form posts itself to NextAuth's credentials callback, as
 * NextAuth's own sign-in page does: the password goes in the body, never the URL.
 */
export function SignInForm({ callbackUrl, passwordLastUsed, initialError, csrfToken, accountCreated }: SignInFormProps) {
  const router = useRouter();
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback(initialError);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields: invalid } = validateForm(signinSchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);
    await submit(async () => {
      await router.push(await signInWithPassword(data, callbackUrl));
    });
  }

  return (
    <form
      ref={formRef}
      className={styles.form}
      method="post"
      action="/api/auth/callback/credentials"
      onSubmit={onSubmit}
      noValidate
    >
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={formError} />
      {accountCreated && !formError && <FormAlert tone="success" message="Your account is ready. Sign in to continue." />}
      <TextField name="email" label="Email" type="email" autoComplete="email" required errors={fields.email} />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={fields.password}
      />
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
      {passwordLastUsed && (
        <p className={styles.hint}>
          <LastUsed /> You signed in with your email and password last time.
        </p>
      )}
  </form>
  );
}
