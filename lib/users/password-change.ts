import "#server-only";
import { getEnv } from "@/lib/core/env";
import { HttpError } from "@/lib/http";
import { assertNewPassword, hashPassword, verifyPassword } from "@/lib/passwords";
import { enforceRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { keepDeviceSignedIn, revokeOtherDeviceSessions } from "@/lib/sessions";
import { getUser, replacePasswordHash } from "./repository";
import type { PasswordChange } from "./shared";

/**
 * Changes the signed-in user's password, or sets a first one on an OAuth-only
 * account. Success bumps sessionVersion, so every other device is signed out,
 * while this device is re-authorised and stays signed in. Attempts are limited
 * per account like sign-ins (SIGNIN_MAX_FAILURES_PER_EMAIL per
 * SIGNIN_LOCKOUT_SECONDS, cleared by a success), so a stolen session cannot
 * brute-force the current password.
 */
export async function changePassword(
  { userId, deviceSessionId }: { userId: string; deviceSessionId: string },
  { currentPassword, newPassword }: PasswordChange,
): Promise<void> {
  const user = await getUser(userId, { withPasswordHash: true });
  if (!user) throw HttpError.accountNotFound();

  const attemptsKey = `password-change:${userId}`;
  if (user.passwordHash) {
    if (!currentPassword) throw HttpError.invalidField("currentPassword", "Enter your current password");
    const env = getEnv();
    await enforceRateLimit(
      attemptsKey,
      { limit: env.SIGNIN_MAX_FAILURES_PER_EMAIL, windowSeconds: env.SIGNIN_LOCKOUT_SECONDS },
      "Too many attempts. Wait a while and try again.",
    );
    if (!(await verifyPassword(currentPassword, user.passwordHash))) throw HttpError.wrongPassword("currentPassword");
  }
  assertNewPassword(newPassword, user.email, "newPassword");

  const sessionVersion = await replacePasswordHash(user._id, await hashPassword(newPassword));
  await resetRateLimit(attemptsKey);
  await keepDeviceSignedIn(deviceSessionId, userId, sessionVersion);
  await revokeOtherDeviceSessions(userId, deviceSessionId);
}
