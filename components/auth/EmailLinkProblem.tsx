import type { ReactNode } from "react";
import { LinkOutcome } from "./LinkOutcome";
import { EMAIL_LINK_PROBLEM_MESSAGES, type EmailTokenProblem } from "@/lib/email-tokens/shared";

interface EmailLinkProblemProps {
  problem: EmailTokenProblem;
  /** What to do instead, in words ("Send a new one below."). */
  nextStep: string;
  /** The address the link was for, when known: named, so the person knows which account it is about. */
  email?: string | null;
  /** A form that does the next step here (send a new link). */
  form?: ReactNode;
  /** The links to go on, fitting whether the person is signed in. */
  children: ReactNode;
}

/**
 * An emailed link found unusable when its page was opened: why, in a plain
 * sentence (never an error code), what to do next, and the way to do it.
 */
export function EmailLinkProblem({ problem, nextStep, email, form, children }: EmailLinkProblemProps) {
  const forWhom = email ? ` It was sent to ${email}.` : "";
  return (
    <LinkOutcome tone="error" message={`${EMAIL_LINK_PROBLEM_MESSAGES[problem]}${forWhom} ${nextStep}`} form={form}>
      {children}
    </LinkOutcome>
  );
}
