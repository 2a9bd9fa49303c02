import Link from "next/link";
import { useRouter } from "next/router";
import { useState, type FormEvent } from "react";
import { LastUsed } from "./ProviderButtons";
import { ResendVerificationButton } from "./ResendVerificationButton";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { signinSchema } from "@/lib/auth/shared";
import { ErrorCode } from "@/lib/http/shared";
import { ApiError, signInWithPassword, useFocusAfterRender, useFormFeedback, validateForm } from "@/lib/client";

interface SignInFormProps {
  /** Where to go once signed in: a same-origin path. */
  callbackUrl: string;
  /** This browser signed in with a password last time: mark the button. */
  passwordLastUsed: boolean;
  /** Why the last sign-in was refused, when the page was reached with `?error=`. */
  initialError: string | null;
  /** That refusal's code (`ACCOUNT_LOCKED`, `EMAIL_NOT_VERIFIED`…), for what the form offers next to it. */
  initialErrorCode: string | null;
  /** The email to start with (`?email=`, from a password reset or a mail's link). */
  initialEmail: string;
  /** NextAuth's CSRF token for the visitor's cookie, so the form also works as a plain POST (no JavaScript). */
  csrfToken: string;
  /** Reached right after signing up without JavaScript. */
  accountCreated: boolean;
}

const EMAIL_FIELD_ID = "field-email";
const PASSWORD_FIELD_ID = "field-password";

/**
 * Email and password, checked with the API's schema before anything is sent.
 * Without JavaScript (or before
 * hydration) the form posts itself to NextAuth's credentials callback, as
 * NextAuth's own sign-in page does: the password goes in the body, never the URL.
 * A refusal offers its way out: a lockout links to the password reset, an
 * unconfirmed email can have a new link sent; a wrong password is cleared for
 * the next try, with the focus in it.
 */
export function SignInForm(props: SignInFormProps) {
  const { callbackUrl, passwordLastUsed, initialError, initialErrorCode, initialEmail, csrfToken, accountCreated } = props;
  const router = useRouter();
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback(initialError);
  // Declared after useFormFeedback, so its effect runs after the hook's own (which focuses the submit button).
  const focusAfterRender = useFocusAfterRender();
  const [refusal, setRefusal] = useState(initialErrorCode);
  /** What is typed in the email field, carried to "Forgot password?" and "Send a new link". */
  const [email, setEmail] = useState(initialEmail);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setRefusal(null);
    const { data, fields: invalid } = validateForm(signinSchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);
    await submit(async () => {
      try {
        await router.push(await signInWithPassword(data, callbackUrl));
      } catch (error) {
        const code = error instanceof ApiError ? error.code : null;
        setRefusal(code);
        if (code === ErrorCode.InvalidCredentials) clearPasswordForNextTry();
        throw error;
      }
    });
  }

  /** Empties the refused password and puts the focus in it, once the form is enabled again; the alert still announces why. */
  function clearPasswordForNextTry() {
    const password = document.getElementById(PASSWORD_FIELD_ID);
    if (password instanceof HTMLInputElement) password.value = "";
    focusAfterRender(() => document.getElementById(PASSWORD_FIELD_ID));
  }

  const forgotPassword = { pathname: "/auth/forgot-password", query: email.trim() ? { email: email.trim() } : {} };

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
      <FormAlert message={formError}>
        {refusal === ErrorCode.AccountLocked && <Link href={forgotPassword}>Reset your password</Link>}
      </FormAlert>
      {refusal === ErrorCode.EmailNotVerified && formError && (
        <ResendVerificationButton email={email} emailFieldId={EMAIL_FIELD_ID} />
      )}
      {accountCreated && !formError && <FormAlert tone="success" message="Your account is ready. Sign in to continue." />}
      <TextField
        id={EMAIL_FIELD_ID}
        name="email"
        label="Email"
        type="email"
        // "webauthn": where the browser can, it offers this site's passkeys here too (PasskeySignInButton's autofill).
        autoComplete="username webauthn"
        required
        // The page's one purpose: start typing at once (in the password when the email came with the link).
        autoFocus={!initialEmail}
        defaultValue={initialEmail}
        onChange={(event) => setEmail(event.target.value)}
        errors={fields.email}
      />
      <PasswordField
        id={PASSWORD_FIELD_ID}
        name="password"
        label="Password"
        autoComplete="current-password"
        required
        autoFocus={Boolean(initialEmail)}
        errors={fields.password}
      />
      <p className={styles.hint}>
        <Link href={forgotPassword}>Forgot password?</Link>
      </p>
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
      {passwordLastUsed && (
        <p className={styles.hint}>
          <LastUsed /> You signed in with your email and password last time.
        </p>
      )}
    </form>
  );
}
