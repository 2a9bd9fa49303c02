import "#server-only";
import type { CallbacksOptions } from "next-auth";
import { findLinkedUserId, listSignInMethods } from "@/lib/accounts";
import { isOAuthProviderId, type SignInMethod } from "@/lib/accounts/shared";
import { recordAuthEvent } from "@/lib/audit";
import { log } from "@/lib/core/log";
import { reclaimForVerifiedOwner } from "@/lib/email-flows";
import { reclaimedInWords } from "@/lib/email-flows/shared";
import { sendSecurityNotice } from "@/lib/notices";
import { ErrorCode } from "@/lib/http/shared";
import { revokeAllDeviceSessions } from "@/lib/sessions";
import { isAuthenticationStale } from "@/lib/sessions/shared";
import { isTotpEnabled, startPendingSignIn } from "@/lib/two-factor";
import { findUserByEmail, getUser, resetForVerifiedOwner } from "@/lib/users";
import { twoFactorTicketCookie } from "./cookies";
import { nextAuthCallbackPath } from "./csrf";
import { identityOf, type ProviderIdentity } from "./providers";
import { oauthAttempt, recordIdentity, type LiveSession } from "./oauth-attempt";
import { currentRequestContext, type AuthRequest } from "./request-context";
import { oauthRefusalPath, OAuthRefusal, twoFactorPagePath } from "./shared";

/**
 * The account-linking rules, as NextAuth's signIn callback. It runs after the
 * provider answered and before NextAuth looks users up, and every unsafe case
 * stops here; so the providers can let NextAuth link by email
 * (`allowDangerousEmailAccountLinking`) for the cases that remain:
 *
 * - signed in already: connect the provider to this account (after a recent
 *   sign-in), unless it is linked to someone else or the browser is only
 *   viewing as the user (an admin's view-as session: refused);
 * - the provider account is linked: sign in, unless the user is disabled;
 *   with two-step verification on, the second step first (no session yet);
 * - its email matches no one, or it has none: a new account (with the email
 *   only if the provider verified it);
 * - its email matches an account and the provider did not verify it: refused,
 *   with a page that says how to sign in and link later;
 * - verified, and the account's email is verified too, or it has no password:
 *   linked (or, with two-step verification on, the second step first);
 * - verified, and the account has a password but an unverified email (someone
 *   may have registered another person's address): the verified owner wins.
 *   The account's password, other links, API keys and history go, every
 *   session ends, and the audit trail records it.
 *
 * A sign-in link (account type "email") has its own rules (lib/auth/email-link.ts), which run first.
 */
export const signInCallback: CallbacksOptions["signIn"] = async ({ account, profile }) => {
  if (account?.type !== "oauth") return true; // The credentials provider's `authorize` has decided.
  try {
    return await applyLinkingRules(account.provider, profile);
  } catch (error) {
    // NextAuth would put a thrown error's message in the error page's URL.
    log.error("oauth.signin_failed", error);
    return oauthRefusalPath(ErrorCode.SignInUnavailable);
  }
};

async function applyLinkingRules(provider: string, profile: unknown): Promise<true | string> {
  const attempt = oauthAttempt();
  if (!attempt || !isOAuthProviderId(provider)) return oauthRefusalPath(OAuthRefusal.Failed);
  const identity = identityOf(provider, profile);
  recordIdentity(identity);
  const request = currentRequestContext();
  const linkedUserId = await findLinkedUserId(identity.provider, identity.providerAccountId);
  if (attempt.signedIn) return connectToSignedInUser(attempt.signedIn, identity, linkedUserId);
  if (linkedUserId) return signInLinkedUser(linkedUserId, identity, request);
  return signInByEmail(identity, request);
}

function connectToSignedInUser(signedIn: LiveSession, identity: ProviderIdentity, linkedUserId: string | null): true | string {
  // An admin viewing as the user must not leave with a way into the account, nor renew anything.
  if (signedIn.viewedBy) return oauthRefusalPath(OAuthRefusal.ViewAsReadOnly, { provider: identity.provider });
  if (linkedUserId === signedIn.userId) return true; // A fresh sign-in with a provider already linked: re-authentication.
  if (linkedUserId) return oauthRefusalPath(OAuthRefusal.LinkedElsewhere, { provider: identity.provider });
  // A new way into the account is as sensitive as a new password: it needs a recent sign-in.
  if (isAuthenticationStale(signedIn.authTime)) return oauthRefusalPath(OAuthRefusal.ReauthRequired, { provider: identity.provider });
  return true;
}

async function signInLinkedUser(userId: string, identity: ProviderIdentity, request: AuthRequest): Promise<true | string> {
  const user = await getUser(userId);
  if (!user) return true;
  if (!user.disabledAt) return secondStepIfOn(userId, identity.provider, request);
  await recordAuthEvent({ type: "signin.failed", reason: "disabled", userId, context: request });
  return oauthRefusalPath(ErrorCode.AccountDisabled, { provider: identity.provider });
}

/**
 * An account with two-step verification gets no session from a provider
 * (or a sign-in link) alone: like a right password, the provider's answer becomes a pending
 * sign-in, and the browser goes to the second step. NextAuth links nothing
 * when this callback answers with a URL, so a provider account matched by
 * its email stays unlinked (and takes this same way next time).
 */
export async function secondStepIfOn(userId: string, method: SignInMethod, request: AuthRequest): Promise<true | string> {
  if (!(await isTotpEnabled(userId))) return true;
  const { ticket, expiresAt } = await startPendingSignIn(userId, method);
  request.setCookie(twoFactorTicketCookie(ticket, expiresAt));
  return twoFactorPagePath(nextAuthCallbackPath(request.cookies));
}

async function signInByEmail(identity: ProviderIdentity, request: AuthRequest): Promise<true | string> {
  const existing = identity.email ? await findUserByEmail(identity.email.address, { withPasswordHash: true }) : null;
  if (!existing || !identity.email) return true;
  const userId = existing._id.toString();
  if (!identity.email.verified) {
    await recordAuthEvent({ type: "signin.failed", reason: "unverified_email", userId, context: request });
    const methods = await listSignInMethods(userId, { hasPassword: Boolean(existing.passwordHash) });
    return oauthRefusalPath(OAuthRefusal.EmailNotVerified, { provider: identity.provider, methods });
  }
  if (existing.disabledAt) {
    await recordAuthEvent({ type: "signin.failed", reason: "disabled", userId, context: request });
    return oauthRefusalPath(ErrorCode.AccountDisabled, { provider: identity.provider });
  }
  // The reclaim removes whatever second step the registrant set up, so the owner is not asked for it.
  if (!existing.emailVerified && existing.passwordHash) await reclaimForProviderOwner(userId, identity.provider, identity, request);
  return secondStepIfOn(userId, identity.provider, request);
}

/**
 * The provider (or a sign-in link, lib/auth/email-link.ts) proved the email
 * belongs to this person; whoever registered it with a password never did. Everything they set up goes before the owner is
 * let in (the reclaim rule, lib/email-flows/reclaim.ts), with the password
 * and every session; a notice by email says what was removed, and why.
 */
export async function reclaimForProviderOwner(
  userId: string,
  method: SignInMethod,
  profile: { name: string | null; image: string | null },
  request: AuthRequest,
): Promise<void> {
  // The reclaim first: the reset below also drops the vault, and the owner is told which keys were in it.
  const removed = await reclaimForVerifiedOwner(userId, { method, context: request });
  await resetForVerifiedOwner(userId, profile);
  await revokeAllDeviceSessions(userId);
  await sendSecurityNotice(userId, { kind: "account-reclaimed", method, removed: reclaimedInWords(removed) }, request);
}
