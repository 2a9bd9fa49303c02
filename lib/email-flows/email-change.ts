import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { recordAuthEvent } from "@/lib/audit";
import {
  checkEmailToken,
  consumeEmailToken,
  issueEmailLink,
  liveEmailTokens,
  ownEmailTokens,
  revokeEmailTokens,
  type EmailTokenCheck,
  type EmailTokenRecord,
} from "@/lib/email-tokens";
import { emailLinkErrors } from "@/lib/email-tokens";
import { HttpError, isDuplicateKeyError, type RequestContext } from "@/lib/http";
import { z } from "zod";
import { deliverMail, mailTemplates, queueMailJob, registerMailJob, type ActivityPlace, type Recipient } from "@/lib/mail";
import { deliveryMessage, type MailDeliveryResponse } from "@/lib/mail/shared";
import { activityPlace } from "@/lib/notices";
import { assertRecentAuthentication } from "@/lib/sessions";
import { confirmPassword, findOwnUser, findUserByEmail, getUser, replaceEmail, revealOwnPasswordHash } from "@/lib/users";
import { userErrors } from "@/lib/users";
import { activityPlaceSchema, queueAfterCommit, recipientSchema } from "./background";
import { enforceMailLimits } from "./limits";
import type { EmailChangeConfirmedResponse, EmailChangeInput, EmailStatusResponse } from "./shared";

/**
 * Changing the account's email. The new address gets a confirmation link
 * (24 hours, once) and nothing changes until it is opened and confirmed; the
 * old address gets a notice when the change is asked for and when it is
 * done, each with "This wasn't me" (7 days, email-change-revert.ts). The
 * email stays unique: the index refuses a taken address when the change is
 * made (409).
 *
 * A confirmation link carries the account's sessionVersion when it was asked
 * for, and works only while the account still has it: any password reset or
 * change, or undo, since then (every path that bumps it) ends the change, so
 * an intruder's pending change dies with the password they used.
 */

/** The session asking (who it is comes with the data door). */
interface SignedInCaller {
  /** When the session last proved who it is, for accounts without a password. */
  authTime: number;
  client: RequestContext;
}

const CHANGE_NEXT_STEP = "Ask for the change again in Settings.";

const dateInWords = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/**
 * While an undo link could still put another address back (its old address is
 * not the current one), the email does not change again: a second hop would
 * leave the owner's "This wasn't me" racing an intruder. 409, saying from when.
 */
function assertNoOpenUndo(currentEmail: string | null, undoLinks: EmailTokenRecord[]): void {
  const open = undoLinks.filter((link) => link.email !== currentEmail);
  if (open.length === 0) return;
  const until = new Date(Math.max(...open.map((link) => link.expires.getTime())));
  throw HttpError.conflict(
    `Your email was changed recently, and the previous address can undo that change until ${dateInWords.format(until)} UTC. ` +
      "You can change your email again after that.",
  );
}

/** The undo link's binding: the account's state when the change was asked for or made. */
interface UndoBinding {
  sessionVersion: number;
  requestedAt: Date;
}

const oldAddressNoticeJob = registerMailJob("email-change-notice", {
  schema: z.object({
    userId: z.string(),
    old: recipientSchema,
    newEmail: z.string(),
    changed: z.boolean(),
    place: activityPlaceSchema,
    undo: z.object({ sessionVersion: z.number(), requestedAt: z.coerce.date() }),
  }),
  async run({ userId, old, newEmail, changed, place, undo }) {
    const link = await issueEmailLink("revert-email-change", { userId, email: old.email, newEmail, emailWasVerified: old.verified, ...undo });
    return mailTemplates.emailChangeNotice(old, newEmail, changed, link, place);
  },
});

/** The notice to the old address, with its undo link: a job queued before the answer (its link is made after), never failing the request once queued. */
function noticeOldAddress(userId: string, old: Recipient, newEmail: string, changed: boolean, place: ActivityPlace, undo: UndoBinding): Promise<void> {
  return queueAfterCommit("email_change.notice_failed", () => queueMailJob(oldAddressNoticeJob, { userId, old, newEmail, changed, place, undo }, old.email));
}

/** `GET /api/user/email`: the address, whether it is verified, and a change waiting for confirmation. */
export async function emailStatus(data: DataAccess): Promise<EmailStatusResponse> {
  const [user, pending] = await Promise.all([findOwnUser(data), ownEmailTokens(data).latest("change-email")]);
  if (!user) throw HttpError.accountNotFound();
  // A change asked for before the last password reset or change no longer waits for anything.
  const waiting = pending?.newEmail && pending.sessionVersion === (user.sessionVersion ?? 0) ? pending : null;
  return {
    email: user.email ?? null,
    emailVerified: user.emailVerified?.toISOString() ?? null,
    pendingEmail: waiting?.newEmail ? { address: waiting.newEmail, expiresAt: waiting.expires.toISOString() } : null,
    hasPassword: user.hasPassword,
  };
}

/**
 * `POST /api/user/email`: proves it is the owner (current password, or a
 * sign-in within 10 minutes for an account without one), then sends the
 * confirmation link. A newer request replaces a pending one; none is taken
 * while an earlier change can still be undone (409).
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
  const oldEmail = user.email ?? null;
  assertNoOpenUndo(oldEmail, await ownEmailTokens(data).live("revert-email-change"));
  // Counted first, so the answer below cannot be used to test many addresses quickly.
  await enforceMailLimits(newEmail, caller.client);
  // Sign-up says so too: a taken address is not a secret worth a confirmation mail to a stranger.
  // (Another account is beyond the door's reach, so this lookup is the system's.)
  if (await findUserByEmail(newEmail)) throw userErrors.emailTaken("newEmail");

  const sessionVersion = user.sessionVersion ?? 0;
  const link = await issueEmailLink("change-email", { userId, email: oldEmail ?? "", newEmail, sessionVersion }, { store: ownEmailTokens(data).store });
  const delivery = await deliverMail(mailTemplates.confirmEmailChange({ email: newEmail, verified: false }, oldEmail, link));
  if (oldEmail) {
    const old = { email: oldEmail, name: user.name ?? null, verified: Boolean(user.emailVerified) };
    await noticeOldAddress(userId, old, newEmail, false, activityPlace(caller.client), { sessionVersion, requestedAt: new Date() });
  }
  await recordAuthEvent({ type: "email.change_requested", userId, context: caller.client });
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
 * happens only if the account still has the address the link was sent from
 * and the sessionVersion it was asked with; the old address is told, with its undo link.
 */
export async function confirmEmailChange(secret: unknown, context: RequestContext): Promise<EmailChangeConfirmedResponse> {
  const used = await consumeEmailToken(secret, "change-email");
  if (!used.ok) throw emailLinkErrors.unusable(used.problem, CHANGE_NEXT_STEP);
  const { userId, email: oldEmail, newEmail, sessionVersion, createdAt } = used.token;
  const user = await getUser(userId);
  if (!user || !newEmail) throw emailLinkErrors.stale(`The account this link was for no longer exists. ${CHANGE_NEXT_STEP}`);
  if (sessionVersion === undefined || sessionVersion !== (user.sessionVersion ?? 0)) {
    throw emailLinkErrors.stale(`The account's password was changed or reset since this link was sent, which cancels the change. ${CHANGE_NEXT_STEP}`);
  }
  assertNoOpenUndo(user.email ?? null, await liveEmailTokens(userId, "revert-email-change"));
  let changed: boolean;
  try {
    changed = await replaceEmail(userId, oldEmail || null, newEmail, sessionVersion);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw userErrors.emailTaken("newEmail");
    throw error;
  }
  if (!changed) throw emailLinkErrors.stale(`Your account changed since this link was sent. ${CHANGE_NEXT_STEP}`);
  await revokeEmailTokens(userId, "change-email");
  await recordAuthEvent({ type: "email.changed", userId, context });
  if (oldEmail) {
    const old = { email: oldEmail, name: user.name ?? null, verified: Boolean(user.emailVerified) };
    await noticeOldAddress(userId, old, newEmail, true, activityPlace(context), { sessionVersion, requestedAt: createdAt });
  }
  return { email: newEmail };
}
