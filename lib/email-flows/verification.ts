import "#server-only";
import type { DataAccess } from "@/lib/access";
import { recordAuthEvent } from "@/lib/audit";
import { consumeEmailToken, issueEmailLink, ownEmailTokens, type EmailTokenStore } from "@/lib/email-tokens";
import { HttpError, type RequestContext } from "@/lib/http";
import { deliverMail, mailTemplates } from "@/lib/mail";
import { deliveryMessage, type MailDeliveryResponse } from "@/lib/mail/shared";
import { findUserByEmail, markEmailVerified } from "@/lib/users";
import { ownId } from "@/lib/access/shared";
import { inBackground } from "./background";
import { enforceMailLimits } from "./limits";
import { NEUTRAL_ANSWERS, type NeutralAnswer } from "./shared";

/**
 * Email verification: a link to /auth/verify-email, valid 24 hours, once,
 * and only for the address it was sent to. Sent after sign-up, from Settings,
 * and from the sign-in page when REQUIRE_EMAIL_VERIFICATION refused a sign-in.
 */

interface Unverified {
  id: string;
  email: string;
  name: string | null;
}

async function sendVerificationMail(user: Unverified, store?: EmailTokenStore) {
  const link = await issueEmailLink("verify-email", { userId: user.id, email: user.email }, { store });
  return deliverMail(mailTemplates.verifyEmail(user, link));
}

/** After sign-up: the first link, sent without making the sign-up wait. */
export function sendFirstVerificationMail(user: Unverified): void {
  inBackground("verification.send_failed", () => sendVerificationMail(user));
}

/** Settings → "Resend verification email", for the signed-in user's own address (read through the data door). */
export async function resendVerificationToSelf(data: DataAccess, context: RequestContext): Promise<MailDeliveryResponse> {
  const user = await data.users.findOne({ _id: ownId(data) });
  if (!user) throw HttpError.accountNotFound();
  if (!user.email) throw HttpError.conflict("Your account has no email address to confirm. Add one first.");
  if (user.emailVerified) throw HttpError.conflict("Your email address is already confirmed.");
  await enforceMailLimits(user.email, context);
  const delivery = await sendVerificationMail({ id: user._id.toString(), email: user.email, name: user.name ?? null }, ownEmailTokens(data).store);
  return { delivery, message: deliveryMessage(delivery, user.email, "a new confirmation link") };
}

/**
 * The sign-in page's "Send a new link" after REQUIRE_EMAIL_VERIFICATION
 * refused a sign-in: the same answer, at once, whether or not such an account
 * exists; the lookup and the mail happen after the answer.
 */
export async function resendVerificationByEmail(email: string, context: RequestContext): Promise<NeutralAnswer> {
  await enforceMailLimits(email, context);
  inBackground("verification.resend_failed", async () => {
    const user = await findUserByEmail(email, { withPasswordHash: true });
    if (!user?.email || !user.passwordHash || user.emailVerified || user.disabledAt) return;
    await sendVerificationMail({ id: user._id.toString(), email: user.email, name: user.name ?? null });
  });
  return { message: NEUTRAL_ANSWERS.resendVerification };
}

/**
 * Opens a verification link: the address it was sent to becomes verified, if
 * the account still has it. Throws 400 LINK_EXPIRED or LINK_INVALID, saying
 * what to do next.
 */
export async function verifyEmail(secret: unknown, context: RequestContext): Promise<{ email: string }> {
  const next = "Sign in and send a new link from Settings.";
  const used = await consumeEmailToken(secret, "verify-email");
  if (!used.ok) throw HttpError.emailLink(used.problem, next);
  const { userId, email } = used.token;
  if (!(await markEmailVerified(userId, email))) {
    throw HttpError.staleEmailLink("This link was sent to an address your account no longer uses. Sign in and confirm your current one from Settings.");
  }
  void recordAuthEvent({ type: "email.verified", userId, context });
  return { email };
}
