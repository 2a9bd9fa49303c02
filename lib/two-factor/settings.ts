import "#server-only";
import type { IncomingMessage } from "node:http";
import type { Session } from "next-auth";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { recordAuthEvent } from "@/lib/audit";
import { HttpError, requestContextOf, type RequestContext } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import { consumeRateLimits } from "@/lib/rate-limit";
import { assertRecentAuthentication } from "@/lib/sessions";
import { confirmPassword, findOwnUser } from "@/lib/users";
import { twoFactorErrors } from "./errors";
import { removeTotp } from "./state";
import { issueRecoveryCodes } from "./recovery-codes";
import { checkSecondFactor } from "./second-step";
import { SECOND_STEP_LOCK_SECONDS, type TotpDisable, type TotpSetupResponse } from "./shared";
import { beginTotpSetup, confirmTotpSetup, isTotpEnabled } from "./totp";

/**
 * Two-step verification as the account's owner changes it in Settings. The
 * two-factor collections are outside the data door, so each change refuses
 * an admin viewing as the user here, as the door refuses their other writes.
 */

/** Who asks: the data door of the session, its device session and authentication time, and the request. */
interface TwoFactorCaller {
  data: DataAccess;
  deviceSessionId: string;
  authTime: number;
  context: RequestContext;
}

/** The caller of a route guarded by `withAuth`: its session, its data door and its request. */
export function twoFactorCallerOf(
  req: Pick<IncomingMessage, "headers" | "socket">,
  { session, data }: { session: Pick<Session, "deviceSessionId" | "authTime">; data: DataAccess },
): TwoFactorCaller {
  return { data, deviceSessionId: session.deviceSessionId, authTime: session.authTime, context: requestContextOf(req) };
}

/** Wrong setup codes a user may type per window before waiting (a typo or two, a slow phone clock, never a guessing run). */
const SETUP_CODE_RULE = { limit: 10, windowSeconds: SECOND_STEP_LOCK_SECONDS };

function ownerOf(caller: TwoFactorCaller): string {
  if (caller.data.actor?.impersonatedBy) throw HttpError.forbidden("Viewing as a user changes nothing of theirs");
  return ownId(caller.data);
}

/** Starts (or restarts) setting up an authenticator app: needs a recent sign-in; 409 when one is already on. */
export async function startTotpSetup(caller: TwoFactorCaller): Promise<TotpSetupResponse> {
  const userId = ownerOf(caller);
  assertRecentAuthentication(caller.authTime);
  if (await isTotpEnabled(userId)) throw twoFactorErrors.alreadyEnabled();
  const user = await findOwnUser(caller.data);
  if (!user) throw HttpError.accountNotFound();
  return beginTotpSetup(userId, user.email ?? user.name ?? userId);
}

/**
 * Turns two-step verification on with a code from the app being set up, and
 * answers the first recovery codes (shown once). Only one of concurrent
 * confirmations succeeds; the others find it on (409). Other sessions stay
 * signed in: they were signed in by the owner, and the next sign-in asks for a code.
 */
export async function enableTotp(caller: TwoFactorCaller, code: string): Promise<string[]> {
  const userId = ownerOf(caller);
  // Every wrong code counts (appended, never a counter); a right one is taken back.
  const [attempt] = await consumeRateLimits([{ key: `totp-setup:${userId}`, rule: SETUP_CODE_RULE }]);
  if (!attempt) throw new Error("consumeRateLimits answered no result");
  if (!attempt.allowed) throw twoFactorErrors.locked(attempt.retryAfterSeconds);
  const confirmation = await confirmTotpSetup(userId, code);
  if (confirmation === "wrong-code") throw twoFactorErrors.invalidCode(attempt.remaining);
  await attempt.release();
  if (confirmation === "confirmed-elsewhere") throw twoFactorErrors.alreadyEnabled();
  if (confirmation === "nothing-pending") throw twoFactorErrors.setupRequired();
  const recoveryCodes = await issueRecoveryCodes(userId);
  await recordAuthEvent({ type: "two_factor.enabled", userId, deviceSessionId: caller.deviceSessionId, context: caller.context });
  await sendSecurityNotice(userId, { kind: "two-factor", change: "enabled" }, caller.context);
  return recoveryCodes;
}

/**
 * Turns two-step verification off, proven by a current code (counted like a
 * sign-in's second step, so a stolen session cannot guess its way through)
 * or by the password (its own limits). Removes the secret and every recovery code.
 */
export async function disableTotp(caller: TwoFactorCaller, proof: TotpDisable): Promise<void> {
  const userId = ownerOf(caller);
  if (!(await isTotpEnabled(userId))) throw twoFactorErrors.notEnabled();
  if (proof.code !== undefined) {
    const outcome = await checkSecondFactor(userId, { code: proof.code }, { challenge: `settings:${caller.deviceSessionId}`, context: caller.context });
    if (!outcome.ok) throw outcome.problem === "wrong" ? twoFactorErrors.invalidCode(outcome.triesLeft) : twoFactorErrors.locked(outcome.retryAfterSeconds);
  } else if (proof.currentPassword !== undefined) {
    await confirmPassword(caller.data, proof.currentPassword, "currentPassword");
  }
  if (!(await removeTotp(userId))) throw twoFactorErrors.notEnabled();
  await recordAuthEvent({ type: "two_factor.disabled", userId, deviceSessionId: caller.deviceSessionId, context: caller.context });
  await sendSecurityNotice(userId, { kind: "two-factor", change: "disabled" }, caller.context);
}

/** A new set of recovery codes (the old set stops working): needs a recent sign-in and two-step verification on. */
export async function regenerateRecoveryCodes(caller: TwoFactorCaller): Promise<string[]> {
  const userId = ownerOf(caller);
  assertRecentAuthentication(caller.authTime);
  if (!(await isTotpEnabled(userId))) throw twoFactorErrors.notEnabled();
  const recoveryCodes = await issueRecoveryCodes(userId);
  await recordAuthEvent({ type: "two_factor.recovery_codes_regenerated", userId, deviceSessionId: caller.deviceSessionId, context: caller.context });
  return recoveryCodes;
}
