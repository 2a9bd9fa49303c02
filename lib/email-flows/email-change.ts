import "#server-only";
import type { DataAccess } from "@/lib/access";
import { recordAuthEvent } from "@/lib/audit";
import { checkEmailToken, consumeEmailToken, issueEmailLink, ownEmailTokens, revokeEmailTokens, type EmailTokenCheck } from "@/lib/email-tokens";
import { HttpError, isDuplicateKeyError, type RequestContext } from "@/lib/http";
import { deliverMail, mailTemplates, type ActivityPlace } from "@/lib/mail";
import { deliveryMessage, type MailDeliveryResponse } from "@/lib/mail/shared";
import { activityPlace } from "@/lib/notices";
import { assertRecentAuthentication, revokeAllDeviceSessions } from "@/lib/sessions";
import {
  bumpSessionVersion,
  confirmPassword,
  findOwnUser,
  findUserByEmail,
  getUser,
  markEmailVerified,
  replaceEmail,
  revealOwnPasswordHash,
} from "@/lib/users";
import { ownId } from "@/lib/access/shared";
import { inBackground } from "./background";
import { enforceMailLimits } from "./limits";
import type { EmailChangeConfirmedResponse, EmailChangeInput, EmailChangeRevertedResponse, EmailStatusResponse } from "./shared";

/**
 * Changing the account's email. The new address gets a confirmation link
 * (24 hours, once) and nothing changes until it is opened and confirmed; the
 * old address gets a notice when the change is asked for and when it is
 * done, each with "This wasn't me" (7 days): it cancels the change or puts the
 * old address back, and signs out every device. The email stays unique: the
 * index refuses a taken address when the change is made (409).
 */

/** The session asking (who it is comes with the data door). */
interface SignedInCaller {
  /** When the session last proved who it is, for accounts without a password. */
  authTime: number;
  client: RequestContext;
}

const CHANGE_NEXT_STEP = "Ask for the change again in Settings.";

/** The notice to the old address, with its undo link; sent after the answer, never failing the request. */
function noticeOldAddress(userId: string, old: { email: string; name: string | null }, newEmail: string, changed: boolean, place: ActivityPlace): void {
  inBackground("email_change.notice_failed", async () => {
    // Not replacing earlier ones: the notice of the request and that of the change each keep a working undo.
    const undo = await issueEmailLink("revert-email-change", { userId, email: old.email, newEmail }, { replacePrevious: false });
    await deliverMail(mailTemplates.emailChangeNotice(old, newEmail, changed, undo, place));
  });
}

/** `GET /api/user/email`: the address, whether it is verified, and a change waiting for confirmation. */
export async function emailStatus(data: DataAccess): Promise<EmailStatusResponse> {
  const [user, pending] = await Promise.all([findOwnUser(data), ownEmailTokens(data).latest("change-email")]);
  if (!user) throw HttpError.accountNotFound();
  return {
    email: user.email ?? null,
    emailVerified: user.emailVerified?.toISOString() ?? null,
    pendingEmail: pending?.newEmail ? { address: pending.newEmail, expiresAt: pending.expires.toISOString() } : null,
    hasPassword: user.hasPassword,
  };
}

/**
 * `POST /api/user/email`: proves it is the owner (current password, or a
 * sign-in within 10 minutes for an account without one), then sends the
 * confirmation link. A newer request replaces a pending one.
 */
export async function requestEmailChange(
  data: DataAccess,
  caller: SignedInCaller,
  { newEmail, currentPassword }: EmailChangeInput,
): Promise<MailDeliveryResponse> {
  const userId = ownId(data);
  // The hash decides how the owner proves it is them; the door refuses it (403) to an admin viewing as the user.
  const user = await revealOwnPasswordHash(data);
  if (user.email === newEmail) throw HttpError.invalidField("newEmail", "This is already your email address");
  if (user.passwordHash) {
    if (!currentPassword) throw HttpError.invalidField("currentPassword", "Enter your current password");
    await confirmPassword(data, currentPassword, "currentPassword");
  } else {
    assertRecentAuthentication(caller.authTime);
  }
  // Counted first, so the answer below cannot be used to test many addresses quickly.
  await enforceMailLimits(newEmail, caller.client);
  // Sign-up says so too: a taken address is not a secret worth a confirmation mail to a stranger.
  // (Another account is beyond the door's reach, so this lookup is the system's.)
  if (await findUserByEmail(newEmail)) throw HttpError.emailTaken("newEmail");

  const oldEmail = user.email ?? null;
  const link = await issueEmailLink("change-email", { userId, email: oldEmail ?? "", newEmail }, { store: ownEmailTokens(data).store });
  const delivery = await deliverMail(mailTemplates.confirmEmailChange({ email: newEmail, name: user.name ?? null }, oldEmail, link));
  if (oldEmail) noticeOldAddress(userId, { email: oldEmail, name: user.name ?? null }, newEmail, false, activityPlace(caller.client));
  void recordAuthEvent({ type: "email.change_requested", userId, context: caller.client });
  return { delivery, message: deliveryMessage(delivery, newEmail, "a confirmation link") };
}

/** `DELETE /api/user/email`: forgets the signed-in user's pending change; its link stops working. */
export async function cancelEmailChange(data: DataAccess): Promise<void> {
  await ownEmailTokens(data).revoke("change-email");
}

/** Whether a confirmation link can still be used, for the page that shows its button. */
export function checkEmailChangeLink(secret: unknown): Promise<EmailTokenCheck> {
  return checkEmailToken(secret, "change-email");
}

/**
 * `POST /api/auth/confirm-email`: the new address confirmed. The change
 * happens only if the account still has the address the link was sent from;
 * the old address is told, with its undo link.
 */
export async function confirmEmailChange(secret: unknown, context: RequestContext): Promise<EmailChangeConfirmedResponse> {
  const used = await consumeEmailToken(secret, "change-email");
  if (!used.ok) throw HttpError.emailLink(used.problem, CHANGE_NEXT_STEP);
  const { userId, email: oldEmail, newEmail } = used.token;
  const user = await getUser(userId);
  if (!user || !newEmail) throw HttpError.staleEmailLink(`The account this link was for no longer exists. ${CHANGE_NEXT_STEP}`);
  let changed: boolean;
  try {
    changed = await replaceEmail(userId, oldEmail || null, newEmail);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw HttpError.emailTaken("newEmail");
    throw error;
  }
  if (!changed) throw HttpError.staleEmailLink(`Your email changed since this link was sent. ${CHANGE_NEXT_STEP}`);
  await revokeEmailTokens(userId, "change-email");
  void recordAuthEvent({ type: "email.changed", userId, context });
  if (oldEmail) noticeOldAddress(userId, { email: oldEmail, name: user.name ?? null }, newEmail, true, activityPlace(context));
  return { email: newEmail };
}

/** Whether an undo link can still be used, for the page that shows its button. */
export function checkRevertLink(secret: unknown): Promise<EmailTokenCheck> {
  return checkEmailToken(secret, "revert-email-change");
}

/**
 * `POST /api/auth/revert-email-change` ("This wasn't me", from the old
 * address): cancels a pending change, or puts the old address back when the
 * change was made; either way the old address counts as verified (its mail
 * was opened) and every session of the account ends. Choosing a new password
 * is the next step the page offers.
 */
export async function revertEmailChange(secret: unknown, context: RequestContext): Promise<EmailChangeRevertedResponse> {
  const used = await consumeEmailToken(secret, "revert-email-change");
  if (!used.ok) throw HttpError.emailLink(used.problem, "Sign in, or reset your password, and check your email in Settings.");
  const { userId, email: oldEmail, newEmail } = used.token;
  const user = await getUser(userId);
  if (!user) throw HttpError.staleEmailLink("The account this link was for no longer exists.");
  await revokeEmailTokens(userId, "change-email");

  let restored = false;
  if (newEmail && user.email === newEmail) {
    try {
      restored = await replaceEmail(userId, newEmail, oldEmail);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw HttpError.conflict(`${oldEmail} is used by another account now, so it cannot be put back. Contact support.`);
    }
  } else {
    await markEmailVerified(userId, oldEmail);
  }
  await Promise.all([bumpSessionVersion(userId), revokeAllDeviceSessions(userId)]);
  void recordAuthEvent({ type: "email.change_reverted", userId, context });
  return { email: restored ? oldEmail : (user.email ?? oldEmail), restored };
}
