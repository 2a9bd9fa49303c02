import "#server-only";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { hasLiveEmailTokenAbout } from "@/lib/email-tokens";
import { clientNetwork, isDuplicateKeyError, type RequestContext } from "@/lib/http";
import { assertNewPassword } from "@/lib/passwords";
import { enforceRateLimit } from "@/lib/rate-limit";
import { createUser, newUserId, userErrors, type UserDocument } from "@/lib/users";
import type { SignupInput } from "@/lib/users/shared";
import { prepareFirstVerificationMail } from "./verification";

/**
 * An address moved away from an account while its "This wasn't me" link is
 * open stays kept for that account: whoever took the account could otherwise
 * sign up with the freed address and leave the owner's undo nothing to restore.
 */
export const awaitsUndo = (email: string) => hasLiveEmailTokenAbout("revert-email-change", email);

/**
 * What every new account passes, whichever way it signs up (a password here,
 * a sign-in link in lib/auth/email-link.ts): the per-network limit (429,
 * SIGNUP_MAX_PER_IP_PER_HOUR), and an address kept for an undo (409).
 */
export async function assertSignUpAllowed(email: string, context: RequestContext): Promise<void> {
  await enforceRateLimit(
    `signup:ip:${clientNetwork(context.ip)}`,
    { limit: getEnv().SIGNUP_MAX_PER_IP_PER_HOUR, windowSeconds: 60 * 60 },
    "Too many sign-ups from your network. Try again later.",
  );
  if (await awaitsUndo(email)) throw userErrors.emailTaken();
}

/**
 * Sign-up, as both the JSON route and the form post do it: the full password
 * policy (400), the per-IP limit (429), then the account (409 when the email
 * is taken, or kept for an undo). Counted after validation, so bad input
 * changes nothing, and before hashing, the costly part. A new account starts
 * its audit trail with a `signup` event from `context`. Its first
 * verification mail is a job put in the outbox before the account (a full
 * outbox answers 503 and creates nothing) and started once the account
 * exists, so the new user is signed in without waiting on the mail server.
 */
export async function signUp(input: SignupInput, context: RequestContext): Promise<UserDocument> {
  assertNewPassword(input.password, input.email, "password");
  await assertSignUpAllowed(input.email, context);
  const id = newUserId();
  // The mail is owed once the account exists: in the outbox first, held until then.
  const verificationMail = await prepareFirstVerificationMail({ id, email: input.email });
  let user: UserDocument;
  try {
    // Named fields only: a sign-up never chooses its role.
    user = await createUser({ id, name: input.name, email: input.email, password: input.password });
  } catch (error) {
    await verificationMail.discard().catch(() => undefined);
    if (isDuplicateKeyError(error)) throw userErrors.emailTaken();
    throw error;
  }
  verificationMail.start();
  await recordAuthEvent({ type: "signup", userId: user._id.toString(), method: "password", context });
  return user;
}
