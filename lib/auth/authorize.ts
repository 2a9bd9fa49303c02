import "#server-only";
import type { User as AuthUser } from "next-auth";
import { getEnv } from "@/lib/core/env";
import { ErrorCode } from "@/lib/http/shared";
import { hashNeedsUpgrade, hashPassword, verifyPasswordOrDummy } from "@/lib/passwords";
import { consumeRateLimit, resetRateLimit } from "@/lib/rate-limit";
import type { RequestContext } from "@/lib/sessions";
import { findUserByEmail, setPasswordHash, toSessionUser } from "@/lib/users";
import { signinSchema, type SignInRefusal } from "./shared";

/**
 * A refused sign-in. NextAuth copies the message into `?error=`, so the
 * message is only ever one of our fixed codes (lib/http/shared.ts).
 */
export class SignInRefusedError extends Error {
  constructor(readonly code: SignInRefusal) {
    super(code);
    this.name = "SignInRefusedError";
  }
}

/** Rate-limit keys: attempts per email (the lockout) and per client IP. */
const signInLimitKeys = {
  email: (email: string) => `signin:email:${email}`,
  ip: (ip: string) => `signin:ip:${ip}`,
};

/**
 * The Credentials provider's check, exported for tests.
 *
 * Returns null for every credential failure (wrong password, unknown email,
 * malformed or non-string input), so nothing reveals which case happened
 * (the provider answers all of them with INVALID_CREDENTIALS). Throws
 * `SignInRefusedError` when a limit or a disabled account refuses a sign-in.
 * Attempts are counted *before* the password is checked (and cleared by a
 * success), so a burst of parallel guesses cannot slip past the lockout.
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
  if (!byIp.allowed) throw new SignInRefusedError(ErrorCode.TooManyAttempts);
  const byEmail = await consumeRateLimit(signInLimitKeys.email(email), {
    limit: env.SIGNIN_MAX_FAILURES_PER_EMAIL,
    windowSeconds: env.SIGNIN_LOCKOUT_SECONDS,
  });
  if (!byEmail.allowed) throw new SignInRefusedError(ErrorCode.AccountLocked);

  const user = await findUserByEmail(email, { withPasswordHash: true });
  const passwordMatches = await verifyPasswordOrDummy(password, user?.passwordHash);
  if (!user || !user.passwordHash || !passwordMatches) return null;
  if (user.disabledAt) throw new SignInRefusedError(ErrorCode.AccountDisabled);

  await resetRateLimit(signInLimitKeys.email(email));
  if (hashNeedsUpgrade(user.passwordHash)) await setPasswordHash(user._id, await hashPassword(password));

  // With role and sessionVersion, the jwt callback builds the token without reading the user again.
  return toSessionUser(user);
}
