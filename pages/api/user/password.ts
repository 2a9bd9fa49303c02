import type { PageConfig } from "next";
import { ErrorCode, HttpError, accountNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { keepDeviceSignedIn, revokeOtherDeviceSessions } from "@/lib/auth/device-sessions";
import { withAuth } from "@/lib/auth/session";
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from "@/lib/common-passwords";
import { getEnv } from "@/lib/env";
import { consumeRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { assertSameOrigin, parseJsonBody } from "@/lib/request";
import { changePassword, getUserById, verifyPassword } from "@/lib/users";
import { passwordEqualsEmailMessage } from "@/lib/validations/password";
import { passwordChangeSchema } from "@/lib/validations/user";

export const config: PageConfig = { api: { bodyParser: false } };

function invalid(field: "currentPassword" | "newPassword", message: string, code: ErrorCode = ErrorCode.ValidationFailed) {
  return new HttpError(400, code, message, { fields: { [field]: [message] } });
}

/**
 * Changes (or, for an OAuth-only account, sets a first) password. Success bumps
 * sessionVersion, so every other device is signed out, while this device is
 * re-authorised and stays signed in. Attempts are limited per account like
 * sign-ins (SIGNIN_MAX_FAILURES_PER_EMAIL per SIGNIN_LOCKOUT_SECONDS, cleared by
 * a success), so a stolen session cannot brute-force the current password.
 */
export default apiRoute({
  POST: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const input = await parseJsonBody(req, passwordChangeSchema);
    const user = await getUserById(session.user.id, { withPasswordHash: true });
    if (!user) throw accountNotFound();

    const attemptsKey = `password-change:${user._id.toString()}`;
    if (user.passwordHash) {
      if (!input.currentPassword) throw invalid("currentPassword", "Enter your current password");
      const env = getEnv();
      const attempt = await consumeRateLimit(attemptsKey, {
        limit: env.SIGNIN_MAX_FAILURES_PER_EMAIL,
        windowSeconds: env.SIGNIN_LOCKOUT_SECONDS,
      });
      if (!attempt.allowed) {
        throw new HttpError(429, ErrorCode.RateLimited, "Too many attempts. Wait a while and try again.", {
          headers: { "Retry-After": String(attempt.retryAfterSeconds) },
        });
      }
      if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
        throw invalid("currentPassword", "Your current password is incorrect", ErrorCode.WrongPassword);
      }
    }
    const sameAsEmail = passwordEqualsEmailMessage(input.newPassword, user.email);
    if (sameAsEmail) throw invalid("newPassword", sameAsEmail);
    if (isCommonPassword(input.newPassword)) throw invalid("newPassword", COMMON_PASSWORD_MESSAGE);

    const sessionVersion = await changePassword(user._id, input.newPassword);
    await resetRateLimit(attemptsKey);
    await keepDeviceSignedIn(session.deviceSessionId, session.user.id, sessionVersion);
    await revokeOtherDeviceSessions(session.user.id, session.deviceSessionId);
    res.status(204).end();
  }),
});
