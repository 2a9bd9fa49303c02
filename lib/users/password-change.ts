import "#server-only";
import type { DataAccess } from "@/lib/access";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { HttpError, type RequestContext } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import { assertNewPassword, hashPassword, verifyPassword } from "@/lib/passwords";
import { enforceRateLimit, resetRateLimit, signInLimitKeys } from "@/lib/rate-limit";
import { assertRecentAuthentication, createDeviceSession, revokeOtherDeviceSessions } from "@/lib/sessions";
import { revealOwnPasswordHash } from "./own-account";
import { getUser } from "./repository";
import { userErrors } from "./errors";
import { ownId } from "@/lib/access/shared";
import type { PasswordChange } from "./shared";

/** The signed-in caller's session, for a password operation (who they are comes with the data door). */
interface SignedInCaller {
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
  if (!(await verifyPassword(password, passwordHash))) throw userErrors.wrongPassword(field);
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
  data: DataAccess,
  caller: SignedInCaller,
  { currentPassword, newPassword }: PasswordChange,
): Promise<{ deviceSessionId: string; sessionVersion: number }> {
  const userId = ownId(data);
  const user = await revealOwnPasswordHash(data);
  // A password signs in together with the email: without one it could never be used.
  if (!user.email) throw HttpError.conflict("Add an email address to your account before setting a password");

  if (user.passwordHash) {
    if (!currentPassword) throw HttpError.invalidField("currentPassword", "Enter your current password");
    await verifyCurrentPassword(userId, user.passwordHash, currentPassword, "currentPassword");
  } else {
    assertRecentAuthentication(caller.authTime);
  }
  assertNewPassword(newPassword, user.email, "newPassword");
  // Only reached with the right current password, so this says nothing a caller did not already know.
  if (user.passwordHash && (await verifyPassword(newPassword, user.passwordHash))) {
    throw HttpError.invalidField("newPassword", "Choose a password different from your current one");
  }

  const passwordHash = await hashPassword(newPassword);
  const changed = await data.users.updateOne({ _id: userId }, { $set: { passwordHash }, $inc: { sessionVersion: 1 } });
  if (!changed) throw HttpError.accountNotFound();
  // The new device session keeps the original authentication time; ending every other one ends this old one too.
  const device = await createDeviceSession(userId, caller.client, new Date(caller.authTime));
  const deviceSessionId = device._id.toString();
  await revokeOtherDeviceSessions(data, deviceSessionId);
  await recordAuthEvent({ type: "password.changed", userId, deviceSessionId, context: caller.client });
  await sendSecurityNotice(userId, { kind: "password-changed", how: user.passwordHash ? "changed" : "set" }, caller.client);
  return { deviceSessionId, sessionVersion: changed.sessionVersion ?? 0 };
}

/**
 * Re-authentication before a sensitive action: the user types their password
 * again. Accounts without one are told to sign in again with their provider.
 */
export async function confirmPassword(data: DataAccess, password: string, field = "password"): Promise<void> {
  const user = await revealOwnPasswordHash(data);
  if (!user.passwordHash) throw userErrors.noPassword();
  await verifyCurrentPassword(ownId(data), user.passwordHash, password, field);
}

/**
 * Checks a password typed outside a session against the account's hash
 * (confirming an email address: the link shows who holds the mailbox, the
 * password who set the account up), limited like the check above. An account
 * without a password is 400 NO_PASSWORD; a wrong password 400 WRONG_PASSWORD on `field`.
 */
export async function confirmAccountPassword(userId: string, password: string, field: string): Promise<void> {
  const user = await getUser(userId, { withPasswordHash: true });
  if (!user?.passwordHash) throw userErrors.noPassword();
  await verifyCurrentPassword(userId, user.passwordHash, password, field);
}
