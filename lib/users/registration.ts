import "#server-only";
import type { Role } from "@/lib/access/shared";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { clientNetwork, isDuplicateKeyError, type RequestContext } from "@/lib/http";
import { assertNewPassword, hashPassword } from "@/lib/passwords";
import { enforceRateLimit } from "@/lib/rate-limit";
import { userErrors } from "./errors";
import { insertUser, type UserDocument } from "./repository";
import type { SignupInput } from "./shared";

interface NewUser {
  name: string;
  email: string;
  password: string;
  role?: Role;
}

/** Creates a password account (the password already checked against the policy). A taken email throws E11000. */
export async function createUser({ name, email, password, role = "user" }: NewUser): Promise<UserDocument> {
  return insertUser({ name, email, passwordHash: await hashPassword(password), role });
}

/**
 * Sign-up: the full password policy (400), the per-IP limit (429), then the
 * account (409 when the email is taken, or `isReserved` says it is kept for
 * someone). Counted after validation, so bad input changes nothing, and
 * before hashing, the costly part. A new account starts its audit trail with
 * a `signup` event from `context`.
 */
export async function registerUser(
  input: SignupInput,
  context: RequestContext,
  isReserved: (email: string) => Promise<boolean> = async () => false,
): Promise<UserDocument> {
  assertNewPassword(input.password, input.email, "password");
  await enforceRateLimit(
    `signup:ip:${clientNetwork(context.ip)}`,
    { limit: getEnv().SIGNUP_MAX_PER_IP_PER_HOUR, windowSeconds: 60 * 60 },
    "Too many sign-ups from your network. Try again later.",
  );
  if (await isReserved(input.email)) throw userErrors.emailTaken();
  let user: UserDocument;
  try {
    user = await createUser(input);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw userErrors.emailTaken();
    throw error;
  }
  void recordAuthEvent({ type: "signup", userId: user._id.toString(), method: "password", context });
  return user;
}
