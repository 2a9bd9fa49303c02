import Link from "next/link";
import { LinkOutcome } from "./LinkOutcome";
import { LINK_OUTCOME_ID } from "@/lib/client";
import type { PasswordResetResponse } from "@/lib/email-flows/shared";

/** A reset that went through, and whether this browser then signed in with the new password. */
export type ResetPasswordResult = PasswordResetResponse & {
  /** Why the sign-in after the reset was refused (a limit, a second step to come), in words; null when it signed in. */
  signInProblem: string | null;
};

/**
 * The reset's done page: signed in with the new password (or why not, with
 * the way to sign in), and what the reset removed from an account whose
 * address had never been confirmed, said in full before anyone moves on.
 */
export function ResetPasswordDone({ result }: { result: ResetPasswordResult }) {
  const { email, removed, signInProblem } = result;
  if (signInProblem !== null) {
    return (
      <LinkOutcome
        tone="success"
        id={LINK_OUTCOME_ID}
        message={`Password changed for ${email}, and every device was signed out. We could not sign you in here: ${signInProblem}`}
        detail={removed?.summary}
      >
        <Link href={{ pathname: "/auth/signin", query: { email } }}>Sign in with your new password</Link>
      </LinkOutcome>
    );
  }
  return (
    <LinkOutcome
      tone="success"
      id={LINK_OUTCOME_ID}
      message={`Password changed — you're signed in as ${email}. Every other device was signed out.`}
      detail={removed?.summary}
    >
      <Link href="/">Continue to KeyForge</Link> · <Link href="/settings/security">Go to Settings</Link>
    </LinkOutcome>
  );
}
