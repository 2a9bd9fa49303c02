import type { ReactNode } from "react";
import { LinkOutcome } from "./LinkOutcome";
import { EMAIL_LINK_PROBLEM_MESSAGES, type EmailTokenProblem } from "@/lib/email-tokens/shared";

interface EmailLinkProblemProps {
  problem: EmailTokenProblem;
  /** What to do instead, in words ("Ask for a new link on the Forgot password page."). */
  nextStep: string;
  /** The links to do it. */
  children: ReactNode;
}

/** An emailed link found unusable when its page was opened: why, what to do next, and where. */
export function EmailLinkProblem({ problem, nextStep, children }: EmailLinkProblemProps) {
  return (
    <LinkOutcome tone="error" message={`${EMAIL_LINK_PROBLEM_MESSAGES[problem]} ${nextStep}`}>
      {children}
    </LinkOutcome>
  );
}
