import "#server-only";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { HttpError, type RequestContext } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import { assertNewPassword, hashPassword, verifyPassword } from "@/lib/passwords";
import { enforceRateLimit, resetRateLimit, signInLimitKeys } from "@/lib/rate-limit";
import { assertRecentAuthentication, replaceDeviceSession, revokeOtherDeviceSessions } from "@/lib/sessions";
import { getUser, replacePasswordHash } from "./repository";
import type { PasswordChange } from "./shared";

/** The signed-in caller of a password operation. */
interface SignedInCaller {
  userId: string;
  deviceSessionId: string;
  /** When they last proved who they are (the session's authTime). */
  authTime: number;
  /** Where the request came from, for the new device session. */
  client: RequestContext;
}

/**
 * Checks a password typed by a signed-in user against their stored hash.
 * Attempts are limited per account like sign-ins (SIGNIN_MAX_FAILURES_PER_EMAIL
 * per SIGNIN_LOCKOUT_SECONDS, cleared by a success), so a stolen session cannot
 * brute-force the password; a wrong one is 400 WRONG_PASSWORD on `field`.
 */
async function verifyCurrentPassword(userId: string, passwordHash: string, password: string, field: string): Promise<void> {
  const env = getEnv();
  const attemptsKey = signInLimitKeys.passwordCheck(userId);
  await enforceRateLimit(
    attemptsKey,
    { limit: env.SIGNIN_MAX_FAILURES_PER_EMAIL, windowSeconds: env.SIGNIN_LOCKOUT_SECONDS },
    "Too many attempts. Wait a while and try again.",
  );
  if (!(await verifyPassword(password, passwordHash))) throw HttpError.wrongPassword(field);
  await resetRateLimit(attemptsKey);
}

/**
 * Changes the signed-in user's password, or sets a first one on an OAuth-only
 * account (which needs a sign-in within the last 10 minutes instead of the
 * current password). A new password equal to the current one is refused and
 * changes nothing. Success bumps sessionVersion and ends every device
 * session of the user, this one included: the caller continues on a new device
 * session, returned here for its fresh cookie, so no copy of an old cookie
 * keeps working.
 */
export async function changePassword(
  caller: SignedInCaller,
  { currentPassword, newPassword }: PasswordChange,
): Promise<{ deviceSessionId: string; sessionVersion: number }> {
  const user = await getUser(caller.userId, { withPasswordHash: true });
  if (!user) throw HttpError.accountNotFound();
  // A password signs in together with the email: without one it could never be used.
  if (!user.email) throw HttpError.conflict("Add an email address to your account before setting a password");

  if (user.passwordHash) {
    if (!currentPassword) throw HttpError.invalidField("currentPassword", "Enter your current password");
    await verifyCurrentPassword(caller.userId, user.passwordHash, currentPassword, "currentPassword");
  } else {
    assertRecentAuthentication(caller.authTime);
  }
  assertNewPassword(newPassword, user.email, "newPassword");
  // Only reached with the right current password, so this says nothing a caller did not already know.
  if (user.passwordHash && (await verifyPassword(newPassword, user.passwordHash))) {
    throw HttpError.invalidField("newPassword", "Choose a password different from your current one");
  }

  const sessionVersion = await replacePasswordHash(user._id, await hashPassword(newPassword));
  const device = await replaceDeviceSession(caller.deviceSessionId, caller.userId, caller.client, new Date(caller.authTime));
  const deviceSessionId = device._id.toString();
  await revokeOtherDeviceSessions(caller.userId, deviceSessionId);
  void recordAuthEvent({ type: "password.changed", userId: caller.userId, deviceSessionId, context: caller.client });
  void sendSecurityNotice(caller.userId, { kind: "password-changed", how: user.passwordHash ? "changed" : "set" }, caller.client);
  return { deviceSessionId, sessionVersion };
}

/**
 * Re-authentication before a sensitive action: the user types their password
 * again. Accounts without one are told to sign in again with their provider.
 */
export async function confirmPassword(userId: string, password: string, field = "password"): Promise<void> {
  const user = await getUser(userId, { withPasswordHash: true });
  if (!user) throw HttpError.accountNotFound();
  if (!user.passwordHash) throw HttpError.noPassword();
  await verifyCurrentPassword(userId, user.passwordHash, password, field);
}
