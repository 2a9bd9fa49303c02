import "#server-only";
import { listSignInMethods } from "@/lib/accounts";
import { recordAuthEvent } from "@/lib/audit";
import { siteUrl } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { checkEmailToken, consumeEmailToken, issueEmailLink, revokeEmailTokens, type EmailTokenCheck } from "@/lib/email-tokens";
import { emailLinkErrors } from "@/lib/email-tokens";
import type { RequestContext } from "@/lib/http";
import { z } from "zod";
import { mailTemplates, queueMailJob, registerMailJob, type MailMessage } from "@/lib/mail";
import { activityPlace, sendSecurityNotice, signInMethodName } from "@/lib/notices";
import { assertNewPassword, hashPassword } from "@/lib/passwords";
import { resetRateLimit, signInLimitKeys } from "@/lib/rate-limit";
import { revokeAllDeviceSessions } from "@/lib/sessions";
import { findUserByEmail, getUser, setPasswordFromReset, type UserDocument } from "@/lib/users";
import { requestContextSchema } from "./background";
import { enforceMailLimits } from "./limits";
import { reclaimForVerifiedOwner } from "./reclaim";
import { NEUTRAL_ANSWERS, reclaimedInWords, type NeutralAnswer, type PasswordResetResponse, type ResetPasswordInput } from "./shared";

/**
 * "Forgot password?": a link to /auth/reset-password, valid 1 hour, once, for
 * the account's current address. The request is answered the same way, at
 * once, whatever the email: the lookup and the mail happen after the answer,
 * so neither the words nor the time tell whether an account exists.
 */

const RESET_NEXT_STEP = "Ask for a new link on the Forgot password page.";

async function resetMail(user: UserDocument, email: string, context: RequestContext): Promise<MailMessage> {
  const recipient = { email, name: user.name ?? null, verified: Boolean(user.emailVerified) };
  const userId = user._id.toString();
  const providers = user.passwordHash ? [] : await listSignInMethods(userId, { hasPassword: false });
  if (providers.length > 0) {
    // An account that signs in only with a provider has no password to reset: say how it signs in.
    return mailTemplates.passwordResetWithoutPassword(recipient, providers.map(signInMethodName), siteUrl("/auth/signin"));
  }
  // With neither (its password was taken away by "This wasn't me"), the link sets a first one.
  const link = await issueEmailLink("reset-password", { userId, email });
  await recordAuthEvent({ type: "password.reset_requested", userId, context });
  return mailTemplates.passwordReset(recipient, link, activityPlace(context));
}

/** The lookup and the mail, after the answer: nothing to send for an unknown or disabled account. */
const resetJob = registerMailJob("password-reset-request", {
  schema: z.object({ email: z.string(), context: requestContextSchema }),
  async run({ email, context }) {
    const user = await findUserByEmail(email, { withPasswordHash: true });
    if (!user?.email || user.disabledAt) return null;
    return resetMail(user, user.email, context);
  },
});

/** `POST /api/auth/forgot-password`: limited per address and network, then always the same answer. */
export async function requestPasswordReset(email: string, context: RequestContext): Promise<NeutralAnswer> {
  await enforceMailLimits(email, context);
  await queueMailJob(resetJob, { email, context }, email);
  return { message: NEUTRAL_ANSWERS.forgotPassword };
}

/** Whether a reset link can still be used, for the page that shows the form (it is not used up). */
export function checkResetLink(secret: unknown): Promise<EmailTokenCheck> {
  return checkEmailToken(secret, "reset-password");
}

/**
 * `POST /api/auth/reset-password`: the one password policy, then the new
 * password. The email becomes verified; every session ends (sessionVersion
 * and every device session), so does a pending email change (a confirmation
 * sent before the reset is refused: lib/email-flows/email-change.ts), and the
 * lockout of browsers unknown to the account starts afresh. An account whose
 * email was not verified before is reclaimed for the mailbox (reclaim.ts),
 * and the answer and the notice say what that removed (`removed`). The
 * browser then signs in with the new password through NextAuth, as any
 * sign-in (components/auth/ResetPasswordForm.tsx).
 */
export async function resetPassword({ token, password }: ResetPasswordInput, context: RequestContext): Promise<PasswordResetResponse> {
  const link = await checkEmailToken(token, "reset-password");
  if (!link.ok) throw emailLinkErrors.unusable(link.problem, RESET_NEXT_STEP);
  const { userId, email } = link.token;
  // The policy before the link is used up, so a refused password can be corrected and sent again.
  assertNewPassword(password, email, "password");
  const passwordHash = await hashPassword(password);

  const used = await consumeEmailToken(token, "reset-password");
  if (!used.ok) throw emailLinkErrors.unusable(used.problem, RESET_NEXT_STEP);
  const user = await getUser(userId);
  if (!user || user.disabledAt) throw emailLinkErrors.stale("This account cannot sign in any more, so its password cannot be reset.");
  const reclaimed = !user.emailVerified;
  if (!(await setPasswordFromReset(userId, email, passwordHash))) {
    throw emailLinkErrors.stale("This link was sent to an address your account no longer uses. Ask for a new link for your current one.");
  }
  const [sessions, , , , , reclaim] = await Promise.all([
    revokeAllDeviceSessions(userId),
    revokeEmailTokens(userId, "change-email"),
    // Undo links about this address have nothing left to restore; those about an older one stay the owner's.
    revokeEmailTokens(userId, "revert-email-change", { email }),
    resetRateLimit(signInLimitKeys.unknownDevices(email)),
    resetRateLimit(signInLimitKeys.passwordCheck(userId)),
    reclaimed ? reclaimForVerifiedOwner(userId, { method: "password", context }) : null,
  ]);
  // The answer and the mail say exactly what went.
  const summary = reclaim && reclaimedInWords(reclaim);
  const removed = reclaim && summary ? { ...reclaim, summary } : null;
  log.info("password.reset", { userId, sessions, reclaimed });
  await recordAuthEvent({ type: "password.reset", userId, context });
  await sendSecurityNotice(userId, { kind: "password-changed", how: "reset", removed: removed?.summary }, context);
  return { email, message: "Your password was changed and every device was signed out.", removed };
}
