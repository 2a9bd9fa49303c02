import "#server-only";
import { addressOfExpiredLink, type EmailTokenCheck } from "@/lib/email-tokens";
import type { EmailTokenProblem, EmailTokenPurpose } from "@/lib/email-tokens/shared";

/** Why an emailed link's page cannot offer its action, and the address it was sent to when that is still known. */
interface EmailLinkPageProblem {
  problem: EmailTokenProblem;
  /** The address an expired link was sent to, to send a new one there; null otherwise. */
  email: string | null;
}

/**
 * The problem a link page shows for a refused check (`checkResetLink` and the
 * other flows' checks): a read only, like the check, so opening the page
 * changes nothing. A valid check has no problem: pages call this only after
 * `!check.ok`.
 */
export async function emailLinkPageProblem(
  secret: unknown,
  purpose: EmailTokenPurpose,
  check: Extract<EmailTokenCheck, { ok: false }>,
): Promise<EmailLinkPageProblem> {
  const email = check.problem === "expired" ? await addressOfExpiredLink(secret, purpose) : null;
  return { problem: check.problem, email };
}
