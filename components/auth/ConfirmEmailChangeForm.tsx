import Link from "next/link";
import type { FormEvent } from "react";
import { LinkOutcome } from "./LinkOutcome";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import styles from "@/components/ui/Form.module.css";
import { ErrorCode } from "@/lib/http/shared";
import { ApiError, confirmEmailChange, isLinkProblem, LINK_OUTCOME_ID, useLinkAction } from "@/lib/client";
import type { EmailChangeConfirmedResponse } from "@/lib/email-flows/shared";

/** A refusal that retrying with this link cannot fix: it is used up (or unusable), or another account took the address. */
function endsTheLink(error: unknown): error is ApiError {
  return isLinkProblem(error) || (error instanceof ApiError && error.code === ErrorCode.EmailTaken);
}

interface ConfirmEmailChangeFormProps {
  token: string;
  /** The account's address when the change was asked for; null when it had none. */
  email: string | null;
  newEmail: string;
  /** Signed in: the way on is Settings; else the sign-in page. */
  signedIn: boolean;
}

/**
 * The new address confirms the change with a button, never by opening the
 * link alone: mail scanners open links, and must not change an account.
 */
export function ConfirmEmailChangeForm({ token, email, newEmail, signedIn }: ConfirmEmailChangeFormProps) {
  const { formRef, formError, pending, outcome, run } = useLinkAction<EmailChangeConfirmedResponse>(endsTheLink);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(() => confirmEmailChange(token));
  }

  if (outcome) {
    return (
      <LinkOutcome
        tone={outcome.done ? "success" : "error"}
        id={LINK_OUTCOME_ID}
        message={outcome.done ? `Your account now uses ${outcome.result.email}.` : outcome.message}
      >
        {signedIn ? (
          <Link href="/settings/account#email">Go to Settings</Link>
        ) : (
          <Link href={{ pathname: "/auth/signin", query: { email: outcome.done ? outcome.result.email : (email ?? "") } }}>Sign in</Link>
        )}
      </LinkOutcome>
    );
  }

  return (
    <>
      <p>
        {email ? (
          <>
            Change the email of the KeyForge account <strong>{email}</strong> to <strong>{newEmail}</strong>?
          </>
        ) : (
          <>
            Give your KeyForge account the email <strong>{newEmail}</strong>?
          </>
        )}
      </p>
      <p>You will sign in with this address, and account notices will go to it.</p>
      <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <SubmitButton pending={pending} label="Confirm new email" pendingLabel="Confirming…" />
        <noscript>
          <p className={styles.hint}>This button needs JavaScript, which is turned off in your browser.</p>
        </noscript>
      </form>
    </>
  );
}
