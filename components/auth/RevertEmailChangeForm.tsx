import Link from "next/link";
import type { FormEvent } from "react";
import { LinkOutcome } from "./LinkOutcome";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import styles from "@/components/ui/Form.module.css";
import { ApiError, forgetThisBrowsersSession, LINK_OUTCOME_ID, revertEmailChange, useLinkAction } from "@/lib/client";
import type { EmailChangeRevertedResponse } from "@/lib/email-flows/shared";

/**
 * A refusal that retrying cannot fix: the link is used up or unusable (400),
 * or the old address cannot be put back (409). Anything else (offline, a
 * limit, a server error) keeps the button, to try again.
 */
function endsTheLink(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 400 || error.status === 409);
}

interface RevertEmailChangeFormProps {
  token: string;
  /** The address the notice went to: the one to keep. */
  email: string;
  /** The address someone asked to change to. */
  newEmail: string | null;
  /** Signed in when the page opened: a refusal's way on is Settings, not the sign-in page. */
  signedIn: boolean;
}

/**
 * "This wasn't me", from a notice to the old address: a button (mail scanners
 * open links) that cancels the change or puts the old address back, removes
 * the password and signs out every device; a link to choose a new password is
 * mailed to the address.
 */
export function RevertEmailChangeForm({ token, email, newEmail, signedIn }: RevertEmailChangeFormProps) {
  const { formRef, formError, pending, outcome, run } = useLinkAction<EmailChangeRevertedResponse>(endsTheLink);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      const reverted = await revertEmailChange(token);
      await forgetThisBrowsersSession();
      return reverted;
    });
  }

  if (outcome?.done) {
    const { restored, email: kept } = outcome.result;
    const message = restored
      ? `Your account uses ${kept} again. Its password was removed and every device signed out: check ${kept} for a link to choose a new password.`
      : `Your account keeps ${kept}, and no email change is waiting. If the account was secured now, a link to choose a new password is on its way to ${kept}.`;
    return (
      <LinkOutcome tone="success" id={LINK_OUTCOME_ID} message={message}>
        <Link href={{ pathname: "/auth/forgot-password", query: { email: kept } }}>No link? Ask for one</Link>
      </LinkOutcome>
    );
  }
  if (outcome) {
    return (
      <LinkOutcome tone="error" id={LINK_OUTCOME_ID} message={outcome.message}>
        {signedIn ? <Link href="/settings/account">Back to Settings</Link> : <Link href="/auth/signin">Sign in</Link>} ·{" "}
        <Link href={{ pathname: "/auth/forgot-password", query: { email } }}>Reset your password</Link>
      </LinkOutcome>
    );
  }

  return (
    <>
      <p>
        Someone asked to change the email of your KeyForge account from <strong>{email}</strong>
        {newEmail && (
          <>
            {" "}
            to <strong>{newEmail}</strong>
          </>
        )}
        . If it was not you, secure your account: this cancels the change (or, if it already happened, puts {email} back),
        removes the password and signs out every device signed in to the account, this one included.
      </p>
      <p>Whoever asked for the change knew the password, so we then mail {email} a link to choose a new one.</p>
      <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <SubmitButton pending={pending} label="Secure my account" pendingLabel="Securing your account…" />
        <noscript>
          <p className={styles.hint}>This button needs JavaScript, which is turned off in your browser.</p>
        </noscript>
      </form>
    </>
  );
}
