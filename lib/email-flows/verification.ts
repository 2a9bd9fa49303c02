import "#server-only";
import type { DataAccess } from "@/lib/access";
import { recordAuthEvent } from "@/lib/audit";
import {
  checkEmailToken,
  consumeEmailToken,
  issueEmailCode,
  issueEmailLink,
  ownEmailTokens,
  revokeEmailTokens,
  type EmailTokenCheck,
  type EmailTokenStore,
} from "@/lib/email-tokens";
import { emailLinkErrors } from "@/lib/email-tokens";
import { HttpError, type RequestContext } from "@/lib/http";
import { z } from "zod";
import { deliverMail, mailTemplates, prepareMailJob, queueMailJob, registerMailJob, type MailMessage, type PreparedMailJob } from "@/lib/mail";
import { deliveryMessage, type MailDeliveryResponse } from "@/lib/mail/shared";
import { confirmAccountPassword, findOwnUser, findUserByEmail, getUser, markEmailVerified } from "@/lib/users";
import { enforceMailLimits } from "./limits";
import { NEUTRAL_ANSWERS, type EmailVerifiedResponse, type NeutralAnswer, type VerifyEmailInput } from "./shared";

/**
 * Email verification: a mail with a 6-digit code (10 minutes, 5 tries, typed
 * in while signed in: verification-code.ts) and a link to /auth/verify-email
 * (24 hours), each once and only for the address it was sent to; the newest
 * of each works, and using either ends both. Sent after sign-up, from the
 * "Check your email" step and Settings, and from the sign-in page when
 * REQUIRE_EMAIL_VERIFICATION refused a sign-in.
 *
 * A verified address is proof of ownership: it decides whether a password
 * reset or a provider's sign-in reclaims the account from whoever set it up
 * (reclaim.ts, lib/auth/linking.ts). So opening the link verifies nothing (mail
 * scanners open links); the page's button does, with the account's password:
 * the link shows who holds the mailbox, the password who set up the account,
 * and a stranger who receives a squatter's mail cannot confirm it for them.
 */

interface Unverified {
  id: string;
  email: string;
  /** The link's page asks for the password: an account without one gets the code only. */
  hasPassword: boolean;
}

async function verificationMail(user: Unverified, store?: EmailTokenStore): Promise<MailMessage> {
  const subject = { userId: user.id, email: user.email };
  const [code, link] = await Promise.all([
    issueEmailCode(subject, { store }),
    user.hasPassword ? issueEmailLink("verify-email", subject, { store }) : null,
  ]);
  return mailTemplates.verifyEmail({ email: user.email, verified: false }, link, code);
}

/**
 * Sign-up's first code and link. The job is inserted before the account is
 * (`prepareFirstVerificationMail`), so it may run for an account that was
 * never created: it sends nothing then, nor to one verified or disabled
 * meanwhile. It mails the account's address as stored (`email` is the
 * address as typed, for the outbox's limits).
 */
const firstVerificationJob = registerMailJob("first-verification", {
  schema: z.object({ id: z.string(), email: z.string() }),
  async run({ id }) {
    const user = await getUser(id);
    if (!user?.email || user.emailVerified || user.disabledAt) return null;
    return verificationMail({ id, email: user.email, hasPassword: true });
  },
});

/**
 * Before sign-up creates the account `id`: its first verification mail,
 * held in the outbox until `start()` (the account exists) or `discard()` (it
 * could not be created). A full outbox refuses the sign-up (503) before
 * anything is created, so an account is never answered 201 with its mail lost.
 */
export function prepareFirstVerificationMail(user: Omit<Unverified, "hasPassword">): Promise<PreparedMailJob> {
  return prepareMailJob(firstVerificationJob, user, user.email);
}

/** "Send a new link" by address: the lookup after the answer; nothing to send unless an unverified account with a password has it. */
const resendByEmailJob = registerMailJob("verification-resend", {
  schema: z.object({ email: z.string() }),
  async run({ email }) {
    const user = await findUserByEmail(email, { withPasswordHash: true });
    if (!user?.email || !user.passwordHash || user.emailVerified || user.disabledAt) return null;
    return verificationMail({ id: user._id.toString(), email: user.email, hasPassword: true });
  },
});

/**
 * "Resend code" (the "Check your email" step, the banner, Settings), for the
 * signed-in user's own address (read through the data door): a new code, and
 * a new link for an account with a password.
 */
export async function resendVerificationToSelf(data: DataAccess, context: RequestContext): Promise<MailDeliveryResponse> {
  const user = await findOwnUser(data);
  if (!user) throw HttpError.accountNotFound();
  if (!user.email) throw HttpError.conflict("Your account has no email address to confirm. Add one first.");
  if (user.emailVerified) throw HttpError.conflict("Your email address is already confirmed.");
  await enforceMailLimits(user.email, context);
  const delivery = await deliverMail(await verificationMail({ id: user._id.toString(), email: user.email, hasPassword: user.hasPassword }, ownEmailTokens(data).store));
  return { delivery, message: deliveryMessage(delivery, user.email, "a new code") };
}

/**
 * The sign-in page's "Send a new link" after REQUIRE_EMAIL_VERIFICATION
 * refused a sign-in: the same answer, at once, whether or not such an account
 * exists; the lookup and the mail happen after the answer.
 */
export async function resendVerificationByEmail(email: string, context: RequestContext): Promise<NeutralAnswer> {
  await enforceMailLimits(email, context);
  await queueMailJob(resendByEmailJob, { email }, email);
  return { message: NEUTRAL_ANSWERS.resendVerification };
}

/** Whether a verification link can still be used, for the page that shows its form (it is not used up). */
export function checkVerificationLink(secret: unknown): Promise<EmailTokenCheck> {
  return checkEmailToken(secret, "verify-email");
}

/**
 * `POST /api/auth/verify-email`: the account's password, then the address
 * the link was sent to becomes verified, if the account still has it. A wrong
 * password is 400 WRONG_PASSWORD and leaves the link usable; 400 LINK_EXPIRED
 * or LINK_INVALID say what to do next.
 */
export async function verifyEmail({ token, password }: VerifyEmailInput, context: RequestContext): Promise<EmailVerifiedResponse> {
  const next = "Sign in and send a new link from Settings.";
  const link = await checkEmailToken(token, "verify-email");
  if (!link.ok) throw emailLinkErrors.unusable(link.problem, next);
  await confirmAccountPassword(link.token.userId, password, "password");
  const used = await consumeEmailToken(token, "verify-email");
  if (!used.ok) throw emailLinkErrors.unusable(used.problem, next);
  const { userId, email } = used.token;
  if (!(await markEmailVerified(userId, email))) {
    throw emailLinkErrors.stale("This link was sent to an address your account no longer uses. Sign in and confirm your current one from Settings.");
  }
  await revokeEmailTokens(userId, "verify-email-code");
  await recordAuthEvent({ type: "email.verified", userId, context });
  return { email };
}
