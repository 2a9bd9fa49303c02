import "#server-only";
import type { User as AuthUser } from "next-auth";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { ErrorCode } from "@/lib/http/shared";
import { hashNeedsUpgrade, hashPassword, verifyPasswordOrDummy } from "@/lib/passwords";
import { consumeRateLimits, signInLimitKeys } from "@/lib/rate-limit";
import { isTotpEnabled, startPendingSignIn } from "@/lib/two-factor";
import { findUserByEmail, setPasswordHash } from "@/lib/users";
import { twoFactorTicketCookie } from "./cookies";
import { trustedDevice } from "./device-cookie";
import type { AuthRequest } from "./request-context";
import { openSignInSession } from "./sign-in-session";
import { SignInRefusedError } from "./sign-in-refusal";
import { signinSchema } from "./shared";

/**
 * The Credentials provider's check, exported for tests.
 *
 * Returns null for every credential failure (wrong password, unknown email,
 * malformed or non-string input, a password over bcrypt's 72 bytes), so
 * nothing reveals which case happened. Throws `SignInRefusedError` when a
 * limit or a disabled account refuses a sign-in. Attempts are counted *before*
 * the password is checked (and cleared by a success), so a burst of parallel
 * guesses cannot slip past the lockout.
 *
 * The lockout follows OWASP's device cookies: a browser that signed in to this
 * account before spends its own failure budget; every other browser shares the
 * account's. So guesses from elsewhere lock out only unknown browsers, and the
 * owner's known browser still signs in. On success the browser gets a fresh
 * device cookie and the user a new device session; or, when the account has
 * two-step verification on, a pending sign-in's ticket and TWO_FACTOR_REQUIRED.
 */
export async function authorizeCredentials(
  credentials: Record<string, unknown> | undefined,
  request: AuthRequest,
): Promise<AuthUser | null> {
  const parsed = signinSchema.safeParse({ email: credentials?.email, password: credentials?.password });
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const env = getEnv();

  const device = trustedDevice(request.cookies, email);
  const budgetKey = device ? signInLimitKeys.knownDevice(device.id) : signInLimitKeys.unknownDevices(email);
  const [byNetwork, budget] = await consumeRateLimits([
    { key: signInLimitKeys.network(request.ip), rule: { limit: env.SIGNIN_MAX_PER_IP_PER_MINUTE, windowSeconds: 60 } },
    { key: budgetKey, rule: { limit: env.SIGNIN_MAX_FAILURES_PER_EMAIL, windowSeconds: env.SIGNIN_LOCKOUT_SECONDS } },
  ]);
  if (!byNetwork || !budget) throw new Error("consumeRateLimits answered too few results");
  if (!byNetwork.allowed) {
    await budget.release();
    await recordAuthEvent({ type: "signin.failed", reason: "rate_limited", email, context: request });
    throw new SignInRefusedError(ErrorCode.TooManyAttempts);
  }
  if (!budget.allowed) {
    await recordAuthEvent({ type: "signin.failed", reason: "locked", email, context: request });
    throw new SignInRefusedError(ErrorCode.AccountLocked);
  }

  // A returning browser names its account: read by _id, which FerretDB answers without scanning users.
  const user = await findUserByEmail(email, { withPasswordHash: true, likelyId: device?.userId });
  const passwordMatches = await verifyPasswordOrDummy(password, user?.passwordHash);
  const account = user ? { userId: user._id.toString() } : { email };
  if (!user || !user.passwordHash || !passwordMatches) {
    await recordAuthEvent({ type: "signin.failed", reason: user ? "bad_password" : "unknown_account", ...account, context: request });
    // This failure spent the last of the budget: from now on this browser (or every unknown one) is locked out.
    if (budget.remaining === 0) await recordAuthEvent({ type: "lockout", scope: device ? "device" : "account", ...account, context: request });
    return null;
  }
  if (user.disabledAt) {
    await recordAuthEvent({ type: "signin.failed", reason: "disabled", ...account, context: request });
    throw new SignInRefusedError(ErrorCode.AccountDisabled);
  }

  await budget.clear();
  if (env.REQUIRE_EMAIL_VERIFICATION && !user.emailVerified) {
    // The password was right, so the budget is cleared; the refusal says to confirm the email first.
    await recordAuthEvent({ type: "signin.failed", reason: "email_not_verified", ...account, context: request });
    throw new SignInRefusedError(ErrorCode.EmailNotVerified);
  }
  if (hashNeedsUpgrade(user.passwordHash)) await setPasswordHash(user._id, await hashPassword(password));
  const userId = user._id.toString();
  if (await isTotpEnabled(userId)) {
    // No session yet: the browser gets a ticket for the second step (lib/auth/second-step.ts), and no device cookie until then.
    const { ticket, expiresAt } = await startPendingSignIn(userId, "password");
    request.setCookie(twoFactorTicketCookie(ticket, expiresAt));
    throw new SignInRefusedError(ErrorCode.TwoFactorRequired);
  }
  return openSignInSession(user, { method: "password" }, request);
}

/**
 * `authorize` as NextAuth calls it: every refusal as a `SignInRefusedError`
 * (NextAuth puts its code in `?error=`). An unexpected failure, such as the
 * database being down, is logged here and reaches the browser only as
 * SIGNIN_UNAVAILABLE, never as an internal message.
 */
export async function authorizeOrRefuse(
  credentials: Record<string, unknown> | undefined,
  request: AuthRequest,
): Promise<AuthUser> {
  let user: AuthUser | null;
  try {
    user = await authorizeCredentials(credentials, request);
  } catch (error) {
    if (error instanceof SignInRefusedError) throw error;
    log.error("signin.unavailable", error);
    throw new SignInRefusedError(ErrorCode.SignInUnavailable);
  }
  // Thrown rather than returned as null, so the browser gets our code, not NextAuth's "CredentialsSignin".
  if (!user) throw new SignInRefusedError(ErrorCode.InvalidCredentials);
  return user;
}
