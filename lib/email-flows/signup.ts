import "#server-only";
import { hasLiveEmailTokenAbout } from "@/lib/email-tokens";
import type { RequestContext } from "@/lib/http";
import { registerUser, type UserDocument } from "@/lib/users";
import type { SignupInput } from "@/lib/users/shared";
import { sendFirstVerificationMail } from "./verification";

/**
 * An address moved away from an account while its "This wasn't me" link is
 * open stays kept for that account: whoever took the account could otherwise
 * sign up with the freed address and leave the owner's undo nothing to restore.
 */
const awaitsUndo = (email: string) => hasLiveEmailTokenAbout("revert-email-change", email);

/**
 * Sign-up, as both the JSON route and the form post do it: the account (see
 * `registerUser`), then the first verification link, sent in the background
 * so the new user is signed in without waiting on the mail server.
 */
export async function signUp(input: SignupInput, context: RequestContext): Promise<UserDocument> {
  const user = await registerUser(input, context, awaitsUndo);
  if (user.email) sendFirstVerificationMail({ id: user._id.toString(), email: user.email });
  return user;
}
