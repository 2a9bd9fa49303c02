import Link from "next/link";
import type { FormEvent } from "react";
import { LinkOutcome } from "./LinkOutcome";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import styles from "@/components/ui/Form.module.css";
import { resetPasswordSchema, type PasswordResetResponse } from "@/lib/email-flows/shared";
import { NEW_PASSWORD_HINT } from "@/lib/passwords/shared";
import { forgetThisBrowsersSession, LINK_OUTCOME_ID, resetPassword, useLinkAction, validateForm } from "@/lib/client";

/**
 * The new password for the account a valid reset link is for, checked with the
 * sign-up form's rules first (the server adds "not your email": the page
 * does not know the account's address). The link's token lives only in this component's
 * props and goes in the request body.
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const { formRef, fields, formError, pending, showErrors, outcome, run } = useLinkAction<PasswordResetResponse>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    const { data, fields: invalid } = validateForm(resetPasswordSchema, { token, password });
    if (!data) return showErrors(invalid);
    // A refused password keeps the form (the link stays usable); a used-up or expired link ends it.
    void run(async () => {
      const reset = await resetPassword(data);
      await forgetThisBrowsersSession();
      return reset;
    });
  }

  if (outcome?.done) {
    return (
      <LinkOutcome tone="success" id={LINK_OUTCOME_ID} message={outcome.result.message}>
        <Link href={{ pathname: "/auth/signin", query: { email: outcome.result.email } }}>Sign in</Link>
      </LinkOutcome>
    );
  }
  if (outcome) {
    return (
      <LinkOutcome tone="error" id={LINK_OUTCOME_ID} message={outcome.message}>
        <Link href="/auth/forgot-password">Ask for a new link</Link>
      </LinkOutcome>
    );
  }

  // method="post": without JavaScript the password never ends up in the URL (nothing is sent then; the API takes JSON).
  return (
    <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <PasswordField
        name="password"
        label="New password"
        autoComplete="new-password"
        required
        hint={NEW_PASSWORD_HINT}
        errors={fields.password}
        strengthMeter={{ email: "" }}
      />
      <SubmitButton pending={pending} label="Set new password" pendingLabel="Saving…" />
      <noscript>
        <p className={styles.hint}>This form needs JavaScript, which is turned off in your browser.</p>
      </noscript>
    </form>
  );
}
