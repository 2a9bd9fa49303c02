import "#server-only";
import type { User as AuthUser } from "next-auth";
import { z } from "zod";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { ErrorCode } from "@/lib/http/shared";
import { checkSecondFactor, consumePendingSignIn, findPendingSignIn, type SecondFactorProof } from "@/lib/two-factor";
import { recoveryCodeSchema, totpCodeSchema } from "@/lib/two-factor/shared";
import { getUser } from "@/lib/users";
import { clearedTwoFactorTicketCookie, twoFactorTicketOf } from "./cookies";
import type { AuthRequest } from "./request-context";
import { openSignInSession } from "./sign-in-session";
import { SignInRefusedError } from "./sign-in-refusal";

/** The second step's form: a code from the authenticator app, or a recovery code (never both). */
const proofSchema = z.union([
  z.object({ code: totpCodeSchema, recoveryCode: z.undefined() }),
  z.object({ recoveryCode: recoveryCodeSchema, code: z.undefined() }),
]);

/** The form's code as a proof, or the refusal a malformed one gets (it could not be right, so it spends no attempt). */
function proofOf(credentials: Record<string, unknown> | undefined): SecondFactorProof | SignInRefusedError {
  const parsed = proofSchema.safeParse({ code: credentials?.code || undefined, recoveryCode: credentials?.recoveryCode || undefined });
  if (parsed.success) return parsed.data.code !== undefined ? { code: parsed.data.code } : { recoveryCode: parsed.data.recoveryCode };
  const typedRecoveryCode = typeof credentials?.recoveryCode === "string" && credentials.recoveryCode !== "";
  return new SignInRefusedError(typedRecoveryCode ? ErrorCode.InvalidRecoveryCode : ErrorCode.InvalidTwoFactorCode);
}

/** Ends this browser's ticket: the pending sign-in is done, used up or gone. */
function dropTicket(request: AuthRequest): SignInRefusedError {
  request.setCookie(clearedTwoFactorTicketCookie());
  return new SignInRefusedError(ErrorCode.TwoFactorExpired);
}

/**
 * The `two-factor` Credentials provider's check: the sign-in the browser's
 * ticket stands for (lib/two-factor/pending-sign-in.ts), finished with a code.
 * The ticket is the only thing that says whose sign-in it is, so a ticket
 * from another browser, or a code for another account, signs no one in. The
 * rules of the first step are read again (the account may have been disabled
 * in between), the code goes through the attempt limits, and the pending
 * sign-in is consumed once: of two right answers racing, one signs in. Then
 * the session opens as after any sign-in, with the first step's method.
 */
async function authorizeSecondStep(credentials: Record<string, unknown> | undefined, request: AuthRequest): Promise<AuthUser> {
  const pending = await findPendingSignIn(twoFactorTicketOf(request.cookies));
  if (!pending) throw dropTicket(request);
  const proof = proofOf(credentials);
  if (proof instanceof SignInRefusedError) throw proof;

  const { userId } = pending;
  const user = await getUser(userId);
  if (!user) throw dropTicket(request);
  if (user.disabledAt) {
    await recordAuthEvent({ type: "signin.failed", reason: "disabled", userId, context: request });
    throw new SignInRefusedError(ErrorCode.AccountDisabled);
  }
  // Checked again for a password sign-in: the address may have changed since the first step (a provider verified its own).
  if (pending.method === "password" && getEnv().REQUIRE_EMAIL_VERIFICATION && !user.emailVerified) {
    throw new SignInRefusedError(ErrorCode.EmailNotVerified);
  }

  const outcome = await checkSecondFactor(userId, proof, { challenge: pending.id, context: request });
  if (!outcome.ok) {
    if (outcome.problem === "locked") throw new SignInRefusedError(ErrorCode.TwoFactorLocked);
    // This pending sign-in has had its wrong codes: it ends, and the person starts again.
    if (!("triesLeft" in outcome) || outcome.triesLeft === 0) {
      await consumePendingSignIn(pending);
      throw dropTicket(request);
    }
    throw new SignInRefusedError("code" in proof ? ErrorCode.InvalidTwoFactorCode : ErrorCode.InvalidRecoveryCode);
  }
  if (!(await consumePendingSignIn(pending))) throw dropTicket(request);
  request.setCookie(clearedTwoFactorTicketCookie());
  return openSignInSession(user, { method: pending.method, factor: outcome.factor }, request);
}

/** As NextAuth calls it: an unexpected failure is logged and reaches the browser only as SIGNIN_UNAVAILABLE. */
export async function authorizeSecondStepOrRefuse(credentials: Record<string, unknown> | undefined, request: AuthRequest): Promise<AuthUser> {
  try {
    return await authorizeSecondStep(credentials, request);
  } catch (error) {
    if (error instanceof SignInRefusedError) throw error;
    log.error("signin.second_step_unavailable", error);
    throw new SignInRefusedError(ErrorCode.SignInUnavailable);
  }
}
