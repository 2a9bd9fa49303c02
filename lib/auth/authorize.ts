import type { User as AuthUser } from "next-auth";
import { getEnv } from "@/lib/env";
import { hashNeedsUpgrade, hashPassword, verifyPasswordOrDummy } from "@/lib/password";
import { consumeRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { getUser, setPasswordHash, toSessionUser } from "@/lib/users";
import { signinSchema } from "@/lib/validations/user";
import { SignInErrorCode } from "@/lib/auth/signin-errors";
import type { RequestContext } from "@/lib/auth/device-sessions";

/**
 * A sign-in refused for a reason the person can act on. NextAuth copies the
 * message into `?error=`, so the message is only ever one of our fixed codes.
 */
export class SignInRefusedError extends Error {
  constructor(readonly code: Exclude<SignInErrorCode, "CredentialsSignin">) {
    super(code);
    this.name = "SignInRefusedError";
  }
}

/** Rate-limit keys: attempts per email (the lockout) and per client IP. */
export const signInLimitKeys = {
  email: (email: string) => `signin:email:${email}`,
  ip: (ip: string) => `signin:ip:${ip}`,
};

/**
 * The Credentials provider's `authorize`, exported for tests.
 *
 * Returns null for every credential failure (wrong password, unknown email,
 * malformed or non-string input), so nothing reveals which case happened.
 * Throws `SignInRefusedError` when a limit or a disabled account refuses a
 * sign-in. Attempts are counted *before* the password is checked (and cleared
 * by a success), so a burst of parallel guesses cannot slip past the lockout.
 */
export async function authorizeCredentials(
  credentials: Record<string, unknown> | undefined,
  context: RequestContext,
): Promise<AuthUser | null> {
  const parsed = signinSchema.safeParse({ email: credentials?.email, password: credentials?.password });
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const env = getEnv();

  const byIp = await consumeRateLimit(signInLimitKeys.ip(context.ip), {
    limit: env.SIGNIN_MAX_PER_IP_PER_MINUTE,
    windowSeconds: 60,
  });
  if (!byIp.allowed) throw new SignInRefusedError("TooManyAttempts");
  const byEmail = await consumeRateLimit(signInLimitKeys.email(email), {
    limit: env.SIGNIN_MAX_FAILURES_PER_EMAIL,
    windowSeconds: env.SIGNIN_LOCKOUT_SECONDS,
  });
  if (!byEmail.allowed) throw new SignInRefusedError("AccountLocked");

  const user = await getUser(email, { withPasswordHash: true });
  const passwordMatches = await verifyPasswordOrDummy(password, user?.passwordHash);
  if (!user || !user.passwordHash || !passwordMatches) return null;
  if (user.disabledAt) throw new SignInRefusedError("AccountDisabled");

  await resetRateLimit(signInLimitKeys.email(email));
  if (hashNeedsUpgrade(user.passwordHash)) await setPasswordHash(user._id, await hashPassword(password));

  // With role and sessionVersion, the jwt callback builds the token without reading the user again.
  return toSessionUser(user);
}
