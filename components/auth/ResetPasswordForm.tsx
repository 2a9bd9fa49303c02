import Link from "next/link";
import type { FormEvent } from "react";
import { ResetPasswordDone, type ResetPasswordResult } from "./ResetPasswordDone";
import { SendNewLinkForm } from "./SendNewLinkForm";
import { LinkOutcome } from "./LinkOutcome";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import styles from "@/components/ui/Form.module.css";
import hidden from "@/components/ui/VisuallyHidden.module.css";
import { resetPasswordSchema } from "@/lib/email-flows/shared";
import { NEW_PASSWORD_HINT } from "@/lib/passwords/shared";
import { errorMessage, forgetThisBrowsersSession, LINK_OUTCOME_ID, resetPassword, signInWithPassword, useLinkAction, validateForm } from "@/lib/client";

interface ResetPasswordFormProps {
  token: string;
  /** The address of the account the link is for. */
  email: string;
  /** Whether someone is signed in in this browser, and as which address (null: none, or an account without one). */
  signedIn: boolean;
  signedInEmail: string | null;
}

/**
 * The new password for the account a valid reset link is for, checked with
 * the sign-up form's rules first. The account's address rides along in a
 * username field that is hidden from view but not from password managers
 * (display:none would hide it from some), so the new password is saved for
 * the right account. After the reset this browser signs in with the new
 * password through NextAuth, like any sign-in: the same checks (a disabled
 * account, the limits, a second step once accounts have one).
 */
export function ResetPasswordForm({ token, email, signedIn, signedInEmail }: ResetPasswordFormProps) {
  const { formRef, fields, formError, pending, showErrors, outcome, run } = useLinkAction<ResetPasswordResult>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    const { data, fields: invalid } = validateForm(resetPasswordSchema, { token, password });
    if (!data) return showErrors(invalid);
    // A refused password keeps the form (the link stays usable); a used-up or expired link ends it.
    void run(async () => {
      const reset = await resetPassword(data);
      // Every session of the account ended, this browser's too; whatever it kept for whoever was signed in here goes.
      await forgetThisBrowsersSession();
      try {
        await signInWithPassword({ email: reset.email, password: data.password }, "/");
        return { ...reset, signInProblem: null };
      } catch (error) {
        return { ...reset, signInProblem: errorMessage(error) };
      }
    });
  }

  if (outcome?.done) return <ResetPasswordDone result={outcome.result} />;
  if (outcome) {
    return (
      <LinkOutcome tone="error" id={LINK_OUTCOME_ID} message={outcome.message} form={<SendNewLinkForm kind="reset-password" initialEmail={email} />}>
        {signedIn ? <Link href="/settings/account">Back to Settings</Link> : <Link href="/auth/signin">Back to sign in</Link>}
      </LinkOutcome>
    );
  }

  // method="post": without JavaScript the password never ends up in the URL (nothing is sent then; the API takes JSON).
  return (
    <>
      <p>
        For the KeyForge account <strong>{email}</strong>.
      </p>
      {signedIn && signedInEmail !== email && (
        <p className={styles.hint}>
          You are signed in here{signedInEmail ? ` as ${signedInEmail}` : ""}. Setting this password signs you in as {email} instead.
        </p>
      )}
      <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <input
          type="email"
          name="username"
          autoComplete="username"
          value={email}
          readOnly
          tabIndex={-1}
          aria-hidden="true"
          className={hidden.visuallyHidden}
        />
        <PasswordField
          name="password"
          label="New password"
          autoComplete="new-password"
          required
          hint={NEW_PASSWORD_HINT}
          errors={fields.password}
          strengthMeter={{ email }}
        />
        <SubmitButton pending={pending} label="Set new password" pendingLabel="Saving and signing you in…" />
        <noscript>
          <p className={styles.hint}>This form needs JavaScript, which is turned off in your browser.</p>
        </noscript>
      </form>
    </>
  );
}
