import "#server-only";
import type { RequestContext } from "@/lib/http";
import { twoFactorErrors } from "./errors";
import { checkSecondFactor } from "./second-step";
import { isTotpEnabled } from "./totp";

/**
 * Re-authentication with the authenticator app before a sensitive action
 * (`POST /api/user/reauth { code }`). The code goes through checkSecondFactor
 * like a sign-in's second step, with this device session as the challenge, so
 * the same limits hold: 5 wrong codes per device session, 10 per account then
 * the lock, each code accepted once. Throws the refusal; returns when it is right.
 */
export async function confirmTotpForReauth(
  caller: { userId: string; deviceSessionId: string },
  code: string,
  context: RequestContext,
): Promise<void> {
  // Checked first, so a code for an account without an app spends no attempt.
  if (!(await isTotpEnabled(caller.userId))) throw twoFactorErrors.notEnabled();
  const outcome = await checkSecondFactor(caller.userId, { code }, { challenge: `reauth:${caller.deviceSessionId}`, context });
  if (!outcome.ok) throw outcome.problem === "wrong" ? twoFactorErrors.invalidCode(outcome.triesLeft) : twoFactorErrors.locked(outcome.retryAfterSeconds);
}
