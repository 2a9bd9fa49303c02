import Link from "next/link";
import type { FormEvent } from "react";
import { LinkOutcome } from "./LinkOutcome";
import { SendNewLinkForm } from "./SendNewLinkForm";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import styles from "@/components/ui/Form.module.css";
import { verifyEmailSchema, type EmailVerifiedResponse } from "@/lib/email-flows/shared";
import { LINK_OUTCOME_ID, useLinkAction, validateForm, verifyEmailAddress } from "@/lib/client";

interface VerifyEmailFormProps {
  token: string;
  email: string;
  /** Signed in: the way on is Settings, not the sign-in page. */
  signedIn: boolean;
}

/**
 * Confirms an address with the account's password and a button, never by
 * opening the link alone: mail scanners open links, and someone who got a
 * mail for an account they did not create must not be able to confirm it.
 */
export function VerifyEmailForm({ token, email, signedIn }: VerifyEmailFormProps) {
  const { formRef, fields, formError, pending, showErrors, outcome, run } = useLinkAction<EmailVerifiedResponse>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    const { data, fields: invalid } = validateForm(verifyEmailSchema, { token, password });
    if (!data) return showErrors(invalid);
    // A wrong password keeps the form (the link stays usable); a used-up or expired link ends it.
    void run(() => verifyEmailAddress(data));
  }

  if (outcome) {
    return (
      <LinkOutcome
        tone={outcome.done ? "success" : "error"}
        id={LINK_OUTCOME_ID}
        message={outcome.done ? `Your email ${outcome.result.email} is confirmed.` : outcome.message}
        form={outcome.done ? null : <SendNewLinkForm kind="verify-email" initialEmail={email} />}
      >
        {signedIn ? (
          <Link href="/settings/account#email">Go to Settings</Link>
        ) : (
          <Link href={{ pathname: "/auth/signin", query: { email } }}>Sign in</Link>
        )}
      </LinkOutcome>
    );
  }

  return (
    <>
      <p>
        Confirm that <strong>{email}</strong> is the address of your KeyForge account: enter the account&apos;s password.
      </p>
      <p className={styles.hint}>
        Did not create a KeyForge account? Then do nothing, or <Link href={{ pathname: "/auth/forgot-password", query: { email } }}>reset its password</Link>{" "}
        to take the address back: whatever its creator set up is removed.
      </p>
      <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <PasswordField name="password" label="Password" autoComplete="current-password" required errors={fields.password} />
        <SubmitButton pending={pending} label="Confirm my email" pendingLabel="Confirming…" />
        <noscript>
          <p className={styles.hint}>This form needs JavaScript, which is turned off in your browser.</p>
        </noscript>
      </form>
    </>
  );
}
