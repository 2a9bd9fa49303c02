import "#server-only";
import { deleteAccountLinksSince } from "@/lib/accounts";
import { recordAuthEvent } from "@/lib/audit";
import { log } from "@/lib/core/log";
import { checkEmailToken, consumeEmailToken, issueEmailLink, revokeEmailTokens, type EmailTokenCheck, type EmailTokenRecord } from "@/lib/email-tokens";
import { emailLinkErrors } from "@/lib/email-tokens";
import { HttpError, isDuplicateKeyError, type RequestContext } from "@/lib/http";
import { z } from "zod";
import { mailTemplates, queueMailJob, registerMailJob } from "@/lib/mail";
import { revokeAllDeviceSessions } from "@/lib/sessions";
import { getUser, returnToMailbox } from "@/lib/users";
import { reclaimForVerifiedOwner } from "./reclaim";
import type { EmailChangeRevertedResponse } from "./shared";
import { queueAfterCommit } from "./background";

/**
 * "This wasn't me", from a notice to the old address (7 days). Whoever asked
 * for the change knew the password, so undoing it puts the old address back
 * (or keeps it, cancelling a pending change) and takes the account away from
 * them: the password goes, every session ends, pending changes end,
 * providers connected since the change was asked for go, and the old address
 * gets a link to choose a new password. If that address was never verified,
 * the account may have been set up by someone else: it is reclaimed as a
 * password reset reclaims it (reclaim.ts).
 *
 * An undo link does not carry over from one account state to the next as a
 * confirmation does: it is the owner's, held by the old mailbox, and a
 * password change by whoever holds the account now (say an intruder who took
 * the address) must not erase it. So an undo that would restore an address
 * works whatever happened since; one that would restore nothing does nothing
 * once the account was secured since it was sent (a password reset or change,
 * or an earlier undo: its sessionVersion moved), so an old link cannot keep
 * signing the owner out.
 */

export type RevertOutcome = "restore" | "secure" | "nothing";

/** What an undo link does to the account as it is now: the pure rule, tested as a table. */
export function revertOutcome(
  link: Pick<EmailTokenRecord, "email" | "sessionVersion">,
  account: { email: string | null; sessionVersion: number },
): RevertOutcome {
  if (account.email !== link.email) return "restore";
  // Links sent before sessionVersion was recorded on them are taken as current: securing is the safe side.
  return link.sessionVersion === undefined || link.sessionVersion === account.sessionVersion ? "secure" : "nothing";
}

const NEXT_STEP = "Sign in, or reset your password, and check your email in Settings.";

/** Whether an undo link can still be used, for the page that shows its button. */
export function checkRevertLink(secret: unknown): Promise<EmailTokenCheck> {
  return checkEmailToken(secret, "revert-email-change");
}

/** The link to choose a new password (the reset flow's), to the address the account has again. */
const passwordLinkJob = registerMailJob("account-secured", {
  schema: z.object({ userId: z.string(), email: z.string(), restored: z.boolean() }),
  async run({ userId, email, restored }) {
    const link = await issueEmailLink("reset-password", { userId, email });
    // No name: by now it may be the intruder's words.
    return mailTemplates.accountSecured({ email, verified: true }, restored, link);
  },
});

function mailPasswordLink(userId: string, email: string, restored: boolean): Promise<void> {
  return queueAfterCommit("email_change.password_link_failed", () => queueMailJob(passwordLinkJob, { userId, email, restored }, email));
}

/** Everything but the password and the address, which returnToMailbox changed with the account's state. */
async function endIntrudersAccess(link: EmailTokenRecord, context: RequestContext): Promise<void> {
  const { userId } = link;
  const since = link.requestedAt ?? link.createdAt;
  const [sessions] = await Promise.all([
    revokeAllDeviceSessions(userId),
    revokeEmailTokens(userId, "change-email"),
    // Undo links about this address now restore nothing.
    revokeEmailTokens(userId, "revert-email-change", { email: link.email }),
    link.emailWasVerified === false ? reclaimForVerifiedOwner(userId, { method: "password", context }) : deleteAccountLinksSince(userId, since),
  ]);
  log.info("email_change.reverted", { userId, sessions });
}

/**
 * `POST /api/auth/revert-email-change`: 200 `{email, restored}` (restored:
 * the old address is back; false when there was none to put back). 409 when
 * another account has the old address now.
 */
export async function revertEmailChange(secret: unknown, context: RequestContext): Promise<EmailChangeRevertedResponse> {
  const used = await consumeEmailToken(secret, "revert-email-change");
  if (!used.ok) throw emailLinkErrors.unusable(used.problem, NEXT_STEP);
  const link = used.token;
  // Read, decide, then a conditional update: if the account changed in between (another undo at once), decide again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const user = await getUser(link.userId);
    if (!user) throw emailLinkErrors.stale("The account this link was for no longer exists.");
    const account = { email: user.email ?? null, sessionVersion: user.sessionVersion ?? 0 };
    const outcome = revertOutcome(link, account);
    if (outcome === "nothing") return { email: account.email ?? link.email, restored: false };
    let returned: boolean;
    try {
      returned = await returnToMailbox(link.userId, account, link.email);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw HttpError.conflict(`${link.email} is used by another account now, so it cannot be put back. Contact support.`);
    }
    if (!returned) continue;
    await endIntrudersAccess(link, context);
    await recordAuthEvent({ type: "email.change_reverted", userId: link.userId, context });
    if (!user.disabledAt) await mailPasswordLink(link.userId, link.email, outcome === "restore");
    return { email: link.email, restored: outcome === "restore" };
  }
  throw HttpError.conflict("Your account changed while this was being done. Sign in or reset your password, then check Settings.");
}
