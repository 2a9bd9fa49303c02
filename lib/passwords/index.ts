import "#server-only";
import { HttpError } from "@/lib/http";
import { isCommonPassword } from "./common-passwords";
import { newPasswordProblem } from "./shared";

/** Passwords on the server: hashing off the main thread, and the full new-password policy. */
export {
  closePasswordWorkers,
  hashNeedsUpgrade,
  hashPassword,
  verifyPassword,
  verifyPasswordOrDummy,
} from "./hashing";

/** The whole new-password policy, the common-password list included: the message to show, or null. */
export function findNewPasswordProblem(password: string, email: string): string | null {
  return newPasswordProblem(password, { email, isCommon: isCommonPassword });
}

/** Throws 400 with the policy's message on `field` when `password` may not become the password of `email`'s account. */
export function assertNewPassword(password: string, email: string, field: string): void {
  const problem = findNewPasswordProblem(password, email);
  if (problem) throw HttpError.invalidField(field, problem);
}
