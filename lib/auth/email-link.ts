import "#server-only";
import { createHash } from "node:crypto";
import type { CallbacksOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import { recordAuthEvent } from "@/lib/audit";
import { collections } from "@/lib/core/collections";
import { getDb } from "@/lib/core/db";
import { emailLinkSignUpAllowed, getEnv, siteUrl } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { assertSignUpAllowed, maySendSignInLink, sendSignInLink, SIGN_IN_LINK_SECONDS } from "@/lib/email-flows";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import { findUserByEmail, markEmailVerified } from "@/lib/users";
import { emailSchema } from "@/lib/users/shared";
import { nextAuthCallbackPath } from "./csrf";
import { reclaimForProviderOwner, secondStepIfOn, signInCallback } from "./linking";
import { currentRequestContext, type AuthRequest } from "./request-context";
import { EmailLinkRefusal, oauthRefusalPath } from "./shared";

/**
 * Sign-in by a link sent to the address: NextAuth's email provider, its
 * tokens hashed by NextAuth in the adapter's `verificationTokens`, single-use,
 * SIGN_IN_LINK_SECONDS. The mail links to our landing page, whose button
 * posts to NextAuth's callback (lib/auth/handler.ts keeps GETs away from it).
 */
export const emailLinkProvider = EmailProvider({
  maxAge: SIGN_IN_LINK_SECONDS,
  // Our normalisation, and only a valid address (NextAuth answers a throw with its EmailSignin error).
  normalizeIdentifier(identifier) {
    const parsed = emailSchema.safeParse(identifier);
    if (!parsed.success) throw new Error("not a valid email address");
    return parsed.data;
  },
  sendVerificationRequest({ identifier, url }) {
    // Queued (a mail job) before NextAuth answers; the lookup and the mail come after.
    return sendSignInLink(identifier, url, currentRequestContext());
  },
});

/**
 * Where NextAuth sends the browser after a link was mailed (its verify-request
 * route, which goes on to pages.verifyRequest), byte for byte: a request that
 * sends nothing must get the very same answer.
 */
function checkYourEmail(): string {
  return siteUrl(`/api/auth/verify-request?${new URLSearchParams({ provider: "email", type: "email" })}`);
}

/**
 * Asking for a link: the mail limits (the refusal, counted for every address,
 * names no account), then "check your email" whether a link is sent or not
 * (no account and links may not sign up, a disabled account: nothing sent).
 */
async function requestRules(email: string, request: AuthRequest): Promise<true | string> {
  try {
    return (await maySendSignInLink(email, request)) ? true : checkYourEmail();
  } catch (error) {
    const callbackUrl = nextAuthCallbackPath(request.cookies);
    if (error instanceof HttpError && error.code === ErrorCode.RateLimited) {
      return `/auth/signin?${new URLSearchParams({ error: ErrorCode.RateLimited, callbackUrl })}`;
    }
    log.error("email_link.request_failed", error);
    return `/auth/signin?${new URLSearchParams({ error: ErrorCode.SignInUnavailable, callbackUrl })}`;
  }
}

/** A link for an address with no account: a new account, on sign-up's rules. */
async function newAccountRules(email: string, request: AuthRequest): Promise<true | string> {
  if (!emailLinkSignUpAllowed()) return oauthRefusalPath(EmailLinkRefusal.SignUpClosed);
  try {
    await assertSignUpAllowed(email, request);
    return true;
  } catch (error) {
    if (error instanceof HttpError && error.code === ErrorCode.RateLimited) return oauthRefusalPath(EmailLinkRefusal.SignUpLimited);
    if (error instanceof HttpError && error.code === ErrorCode.EmailTaken) return oauthRefusalPath(EmailLinkRefusal.SignUpClosed);
    throw error;
  }
}

/**
 * Following a link (NextAuth has used up its token): the mailbox is proven.
 * A disabled account is refused; an account registered with a password but
 * never confirmed is reclaimed for the mailbox's owner (as for a provider's
 * verified owner); a second factor is still asked for; no account, a new one.
 */
async function followRules(email: string, request: AuthRequest): Promise<true | string> {
  const existing = await findUserByEmail(email, { withPasswordHash: true });
  if (!existing) return newAccountRules(email, request);
  const userId = existing._id.toString();
  if (existing.disabledAt) {
    await recordAuthEvent({ type: "signin.failed", reason: "disabled", userId, context: request });
    return oauthRefusalPath(ErrorCode.AccountDisabled);
  }
  if (!existing.emailVerified && existing.passwordHash) {
    await reclaimForProviderOwner(userId, "email", { name: null, image: null }, request);
  } else if (!existing.emailVerified) {
    await markEmailVerified(userId, email);
  }
  return secondStepIfOn(userId, "email", request);
}

/** NextAuth's signIn callback: a sign-in link's rules (asking for one, following one), else the linking rules. */
export const signInWithLinkRules: CallbacksOptions["signIn"] = async (params) => {
  const { account, email } = params;
  if (account?.type !== "email") return signInCallback(params);
  const request = currentRequestContext();
  // NextAuth puts the normalised address in providerAccountId, both when asking and when following.
  const address = account.providerAccountId;
  if (email?.verificationRequest) return requestRules(address, request);
  try {
    return await followRules(address, request);
  } catch (error) {
    log.error("email_link.signin_failed", error);
    return oauthRefusalPath(ErrorCode.SignInUnavailable);
  }
};

/** Whether a sign-in link can still be used, as its page says before the button is pressed. */
type SignInLinkState = "usable" | "expired" | "used";

/**
 * The state of the link for `token` and `email`, for its page: nothing is
 * used up. The token is hashed as NextAuth hashes it (next-auth v4's
 * core/lib/utils.js `hashToken`: SHA-256 of the token and the secret), so a
 * token it would accept is one found here. Not found: used, or never sent.
 */
export async function signInLinkState(token: string, email: string): Promise<SignInLinkState> {
  const hashed = createHash("sha256").update(`${token}${getEnv().NEXTAUTH_SECRET}`).digest("hex");
  const found = await (await getDb()).collection<{ expires: Date }>(collections.verificationTokens).findOne({ identifier: email, token: hashed });
  if (!found) return "used";
  return found.expires.getTime() < Date.now() ? "expired" : "usable";
}
