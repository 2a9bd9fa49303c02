import "#server-only";
import type { User as AuthUser } from "next-auth";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { ErrorCode } from "@/lib/http/shared";
import { checkPasskeyAssertion, passkeyAuthenticationOptions } from "@/lib/passkeys";
import { authenticationResponseSchema } from "@/lib/passkeys/shared";
import { enforceRateLimit, signInLimitKeys } from "@/lib/rate-limit";
import { consumePendingSignIn, findPendingSignIn } from "@/lib/two-factor";
import { getUser } from "@/lib/users";
import { SignInRefusedError } from "./sign-in-refusal";
import { clearedTwoFactorTicketCookie, twoFactorTicketOf } from "./cookies";
import type { AuthRequest } from "./request-context";
import { openSignInSession } from "./sign-in-session";

/**
 * Signing in with a passkey (NextAuth's Credentials provider `passkey`):
 * by itself, or as the second step of a pending sign-in (the ticket cookie
 * the password or a provider left).
 */

/**
 * `POST /api/auth/passkey/options`. Anonymous, and each call stores a
 * challenge, so it is limited per network like the sign-ins (on a budget of
 * its own: every visit of the sign-in page asks, for the autofill). With a pending
 * sign-in's ticket, the options list that user's passkeys; without, none
 * (a discoverable sign-in: the browser offers what it holds).
 */
export async function passkeySignInOptions(request: Pick<AuthRequest, "ip" | "cookies">): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rule = { limit: getEnv().SIGNIN_MAX_PER_IP_PER_MINUTE, windowSeconds: 60 };
  await enforceRateLimit(signInLimitKeys.passkeyOptions(request.ip), rule, "Too many sign-in attempts from your network. Wait a minute and try again.");
  const pending = await findPendingSignIn(twoFactorTicketOf(request.cookies));
  return passkeyAuthenticationOptions("authentication", pending?.userId ?? null);
}

const refuse = (code: ConstructorParameters<typeof SignInRefusedError>[0]) => new SignInRefusedError(code);

/** The assertion the browser posted, as a JSON string in the `response` credential; null when it is not one. */
function assertionOf(credentials: Record<string, unknown> | undefined) {
  const raw = credentials?.response;
  if (typeof raw !== "string" || raw.length > 64 * 1024) return null;
  try {
    const parsed = authenticationResponseSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The provider's check. The assertion must verify (lib/passkeys: a spent
 * challenge of an authentication, a known passkey, user verification, a
 * counter that went forward); then the account must be enabled and, when
 * REQUIRE_EMAIL_VERIFICATION says so, confirmed, as for the password.
 * Without a ticket the passkey is the whole sign-in; with one it is the
 * second step, and must be the ticket's user's passkey: the ticket is
 * consumed once and its cookie cleared. Every refusal is a fixed code.
 */
async function authorizePasskey(credentials: Record<string, unknown> | undefined, request: AuthRequest): Promise<AuthUser> {
  const response = assertionOf(credentials);
  if (!response) throw refuse(ErrorCode.PasskeyNotRecognized);
  const ticket = twoFactorTicketOf(request.cookies);
  const pending = ticket ? await findPendingSignIn(ticket) : null;
  const check = await checkPasskeyAssertion(response, { ceremony: "authentication", context: request });
  if (!check.ok) throw refuse(ErrorCode.PasskeyNotRecognized);
  const user = await getUser(check.userId);
  if (!user) throw refuse(ErrorCode.PasskeyNotRecognized);
  if (user.disabledAt) {
    await recordAuthEvent({ type: "signin.failed", reason: "disabled", userId: check.userId, context: request });
    throw refuse(ErrorCode.AccountDisabled);
  }
  if (getEnv().REQUIRE_EMAIL_VERIFICATION && !user.emailVerified) {
    await recordAuthEvent({ type: "signin.failed", reason: "email_not_verified", userId: check.userId, context: request });
    throw refuse(ErrorCode.EmailNotVerified);
  }
  if (!pending) return openSignInSession(user, { method: "passkey" }, request);
  // Someone else's passkey does not finish this pending sign-in (nor start a session in its place).
  if (pending.userId !== check.userId || !(await consumePendingSignIn(pending))) throw refuse(ErrorCode.PasskeyNotRecognized);
  request.setCookie(clearedTwoFactorTicketCookie());
  return openSignInSession(user, { method: pending.method, factor: "passkey" }, request);
}

/** `authorize` as NextAuth calls it: an unexpected failure is logged and reaches the browser only as SIGNIN_UNAVAILABLE. */
export async function authorizePasskeyOrRefuse(credentials: Record<string, unknown> | undefined, request: AuthRequest): Promise<AuthUser> {
  try {
    return await authorizePasskey(credentials, request);
  } catch (error) {
    if (error instanceof SignInRefusedError) throw error;
    log.error("signin.unavailable", error);
    throw refuse(ErrorCode.SignInUnavailable);
  }
}
