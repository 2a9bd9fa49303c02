import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { recordAuthEvent } from "@/lib/audit";
import { emailCodeErrors, ownEmailTokens, redeemEmailCode } from "@/lib/email-tokens";
import { HttpError, type RequestContext } from "@/lib/http";
import { findOwnUser, markEmailVerified } from "@/lib/users";
import { enforceCodeLimits } from "./limits";
import type { EmailCodeInput, EmailCodeVerifiedResponse } from "./shared";

/**
 * `POST /api/user/email/verify-code`: the 6-digit code from the verification
 * mail, typed in by the signed-in person. The session shows who set up the
 * account (as the link's page asks for the password), the code that they hold
 * the mailbox; an admin viewing as the user may not (403). Counted against the
 * address and the network first (429), then against the code's own tries
 * (lib/email-tokens/codes.ts). 200 with the account's verified state; 400
 * CODE_INVALID (wrong, tries left) or CODE_EXPIRED (expired or out of tries:
 * send a new one); 409 when there is nothing to verify.
 */
export async function verifyEmailCode(data: DataAccess, { code }: EmailCodeInput, context: RequestContext): Promise<EmailCodeVerifiedResponse> {
  if (data.actor?.impersonatedBy) throw HttpError.forbidden("Only the account's owner can confirm its email address.");
  const user = await findOwnUser(data);
  if (!user) throw HttpError.accountNotFound();
  if (!user.email) throw HttpError.conflict("Your account has no email address to confirm. Add one first.");
  if (user.emailVerified) return { email: user.email, emailVerified: user.emailVerified.toISOString() };
  await enforceCodeLimits(user.email, context);
  const userId = ownId(data);
  const tokens = ownEmailTokens(data);
  const used = await redeemEmailCode(userId, code, { store: tokens.store });
  if (!used.ok) throw emailCodeErrors.unusable(used.problem, used.triesLeft);
  // A code sent to an address the account no longer has confirms nothing.
  if (used.token.email !== user.email || !(await markEmailVerified(userId, user.email))) {
    throw emailCodeErrors.unusable("missing", 0);
  }
  await tokens.revoke("verify-email");
  await recordAuthEvent({ type: "email.verified", userId, context });
  const now = await findOwnUser(data);
  return { email: user.email, emailVerified: (now?.emailVerified ?? new Date()).toISOString() };
}
