import "#server-only";
import { recordAuthEvent } from "@/lib/audit";
import type { RequestContext } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import { blockedFor, blockFor, consumeRateLimits } from "@/lib/rate-limit";
import { countRecoveryCodes, spendRecoveryCode } from "./recovery-codes";
import { MAX_WRONG_CODES_PER_ACCOUNT, MAX_WRONG_CODES_PER_CHALLENGE, PENDING_SIGN_IN_SECONDS, SECOND_STEP_LOCK_SECONDS } from "./shared";
import { acceptTotpCode } from "./totp";

/** What a person typed as their second factor (already through totpCodeSchema or recoveryCodeSchema). */
export type SecondFactorProof = { code: string } | { recoveryCode: string };

type SecondStepOutcome =
  | { ok: true; factor: "totp" | "recovery-code" }
  /** Wrong: `triesLeft` more for this challenge (0: it is used up, start again). */
  | { ok: false; problem: "wrong"; triesLeft: number }
  /** Too many wrong codes: this challenge's (`used-up`) or the account's (`locked`, for `retryAfterSeconds`). */
  | { ok: false; problem: "used-up" | "locked"; retryAfterSeconds: number };

const lockKey = (userId: string) => `2fa:lock:${userId}`;

/**
 * Checks a second factor for `userId`, within `challenge`: a pending
 * sign-in's id, or a re-authentication's. Every wrong code is an attempt
 * appended to `rateLimits` (never a counter): a challenge takes
 * MAX_WRONG_CODES_PER_CHALLENGE, and MAX_WRONG_CODES_PER_ACCOUNT wrong codes
 * for the account within SECOND_STEP_LOCK_SECONDS lock its second step for as
 * long again. Attempts are counted before the code is checked, so a burst of
 * parallel guesses gets no more than the budget; a right code, or a failure
 * on our side (the error is thrown), takes its attempt back.
 */
export async function checkSecondFactor(
  userId: string,
  proof: SecondFactorProof,
  { challenge, context }: { challenge: string; context: RequestContext },
): Promise<SecondStepOutcome> {
  const factor = "code" in proof ? "totp" : "recovery-code";
  const lockedFor = await blockedFor(lockKey(userId));
  if (lockedFor > 0) return { ok: false, problem: "locked", retryAfterSeconds: lockedFor };

  const [perChallenge, perAccount] = await consumeRateLimits([
    { key: `2fa:challenge:${challenge}`, rule: { limit: MAX_WRONG_CODES_PER_CHALLENGE, windowSeconds: PENDING_SIGN_IN_SECONDS, keepRefused: true } },
    { key: `2fa:account:${userId}`, rule: { limit: MAX_WRONG_CODES_PER_ACCOUNT, windowSeconds: SECOND_STEP_LOCK_SECONDS } },
  ]);
  if (!perChallenge || !perAccount) throw new Error("consumeRateLimits answered too few results");
  const takeBack = () => Promise.all([perChallenge.release(), perAccount.release()]);
  if (!perChallenge.allowed) {
    await perAccount.release();
    return { ok: false, problem: "used-up", retryAfterSeconds: perChallenge.retryAfterSeconds };
  }
  if (!perAccount.allowed) {
    await perChallenge.release();
    return { ok: false, problem: "locked", retryAfterSeconds: await lock(userId, context) };
  }

  let right: boolean;
  try {
    right = "code" in proof ? await acceptTotpCode(userId, proof.code) : await spendRecoveryCode(userId, proof.recoveryCode);
  } catch (error) {
    await takeBack();
    throw error;
  }
  if (right) {
    await takeBack();
    if (factor === "recovery-code") await recoveryCodeUsed(userId, context);
    return { ok: true, factor };
  }
  await recordAuthEvent({ type: "two_factor.failed", userId, factor, context });
  if (perAccount.remaining === 0) return { ok: false, problem: "locked", retryAfterSeconds: await lock(userId, context) };
  return { ok: false, problem: "wrong", triesLeft: Math.min(perChallenge.remaining, perAccount.remaining) };
}

/** Locks the account's second step (its wrong codes reached the limit); the lock's length in seconds. */
async function lock(userId: string, context: RequestContext): Promise<number> {
  const already = await blockedFor(lockKey(userId));
  if (already > 0) return already;
  await blockFor(lockKey(userId), SECOND_STEP_LOCK_SECONDS);
  await recordAuthEvent({ type: "two_factor.locked", userId, context });
  return SECOND_STEP_LOCK_SECONDS;
}

async function recoveryCodeUsed(userId: string, context: RequestContext): Promise<void> {
  await recordAuthEvent({ type: "two_factor.recovery_code_used", userId, context });
  await sendSecurityNotice(userId, { kind: "recovery-code-used", left: await countRecoveryCodes(userId) }, context);
}
