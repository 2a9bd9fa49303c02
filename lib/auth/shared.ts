import { z } from "zod";
import type { OAuthProviderId, SignInMethod } from "@/lib/accounts/shared";
import { ErrorCode } from "@/lib/http/shared";
import { currentPasswordSchema } from "@/lib/passwords/shared";
import { emailSchema } from "@/lib/users/shared";

/** Sign-in pieces shared by the sign-in page and the server. */

/**
 * Redirects stay on this site. Anything that would leave it (`//evil.com`,
 * `/\evil.com`, `https://evil.com`, `javascript:…`) falls back to the home page.
 * Browser-safe: the NextAuth redirect callback uses it, and the sign-in and
 * sign-up pages use it for `callbackUrl` too.
 */

/**
 * `url` as an absolute URL on `baseUrl`'s origin, or `baseUrl` itself. A path
 * that resolves to `//…` (from `/.//evil.com` or `/x/../\evil.com`) is refused
 * too: used later as a relative Location or href, it names another host.
 */
export function sameOriginUrl(url: string, baseUrl: string): string {
  try {
    const base = new URL(baseUrl);
    const target = new URL(url, base);
    const leavesSite = target.origin !== base.origin || target.pathname.startsWith("//");
    return leavesSite ? base.href : target.href;
  } catch {
    return baseUrl;
  }
}

/** A same-origin path (with query and hash) from an untrusted `callbackUrl`, or "/". */
export function safeCallbackPath(raw: unknown, origin = "http://localhost"): string {
  if (typeof raw !== "string" || raw === "") return "/";
  const resolved = new URL(sameOriginUrl(raw, origin));
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/**
 * Sign-in form: only checks shape; the password policy applies to new
 * passwords only. Over 72 bytes is refused as at sign-up: bcrypt would compare
 * only the first 72, so "the password plus anything" would sign in.
 */
export const signinSchema = z.object({
  email: emailSchema,
  password: currentPasswordSchema,
});

/** Why a sign-in was refused: the codes NextAuth carries to the browser as `?error=`. */
export type SignInRefusal =
  | typeof ErrorCode.InvalidCredentials
  | typeof ErrorCode.AccountLocked
  | typeof ErrorCode.AccountDisabled
  | typeof ErrorCode.TooManyAttempts
  | typeof ErrorCode.SignInUnavailable
  | typeof ErrorCode.EmailNotVerified
  | typeof ErrorCode.TwoFactorRequired
  | typeof ErrorCode.TwoFactorExpired
  | typeof ErrorCode.PasskeyNotRecognized
  | typeof ErrorCode.RateLimited;

/**
 * What each refusal tells the person. A wrong password and an unknown email
 * share one code and one message, so neither reveals whether an account exists.
 */
export const signInRefusalMessages: Record<SignInRefusal, string> = {
  [ErrorCode.InvalidCredentials]: "Invalid email or password",
  [ErrorCode.AccountLocked]:
    "Too many failed sign-ins for this email. Wait 15 minutes and try again, or reset your password.",
  [ErrorCode.AccountDisabled]: "This account has been disabled. Contact an administrator if you think this is a mistake.",
  [ErrorCode.TooManyAttempts]: "Too many sign-in attempts from your network. Wait a minute and try again.",
  [ErrorCode.SignInUnavailable]: "Signing in is not possible right now. Try again in a moment.",
  [ErrorCode.EmailNotVerified]:
    "Confirm your email address first: open the link we sent you when you signed up, or send a new one.",
  [ErrorCode.TwoFactorRequired]: "Enter the code from your authenticator app to finish signing in.",
  [ErrorCode.TwoFactorExpired]: "That sign-in has ended: it took too long, had too many wrong codes, or was finished already. Sign in again.",
  [ErrorCode.PasskeyNotRecognized]: "That passkey was not recognized. Try again, or sign in another way.",
  // Only a sign-in link is refused with it: counted for every address, it says nothing about an account.
  [ErrorCode.RateLimited]:
    "Too many sign-in emails were asked for, for this address or from your network. Wait an hour, and check your spam folder meanwhile.",
};

/** Why the second step refused a code: the page asks again (the pending sign-in lives on). */
export type SecondStepRefusal =
  | typeof ErrorCode.InvalidTwoFactorCode
  | typeof ErrorCode.InvalidRecoveryCode
  | typeof ErrorCode.TwoFactorLocked;

const secondStepRefusalMessages: Record<SecondStepRefusal, string> = {
  [ErrorCode.InvalidTwoFactorCode]:
    "That code is not right. Enter the current code from your authenticator app (after 5 wrong codes, you sign in again).",
  [ErrorCode.InvalidRecoveryCode]: "That recovery code is not right, or was used already. Check it and try again.",
  [ErrorCode.TwoFactorLocked]:
    "Too many wrong codes for this account. Wait 15 minutes, then sign in again, or use a passkey if you have one.",
};

export function isSecondStepRefusal(code: unknown): code is SecondStepRefusal {
  return typeof code === "string" && Object.hasOwn(secondStepRefusalMessages, code);
}

function isSignInRefusal(code: string): code is SignInRefusal {
  return Object.hasOwn(signInRefusalMessages, code);
}

/** The message for a `?error=` code, or a generic one for codes we do not expect. */
export function signInErrorMessage(code: string | null | undefined): string {
  if (!code) return signInRefusalMessages[ErrorCode.InvalidCredentials];
  if (isSecondStepRefusal(code)) return secondStepRefusalMessages[code];
  return isSignInRefusal(code) ? signInRefusalMessages[code] : "Sign-in did not work. Please try again.";
}

/** Why an OAuth sign-in was refused: our codes on /auth/error, beside NextAuth's own. */
export const OAuthRefusal = {
  /** The provider's email matches an account, and the provider did not verify it. */
  EmailNotVerified: "OAuthEmailNotVerified",
  /** Connecting a provider account that is linked to another user. */
  LinkedElsewhere: "OAuthAccountLinkedElsewhere",
  /** Connecting a provider more than 10 minutes after the last sign-in. */
  ReauthRequired: "OAuthReauthRequired",
  /** Any OAuth sign-in or connection from a browser that is viewing as someone (an admin's support view only looks). */
  ViewAsReadOnly: "OAuthViewAsReadOnly",
  /** NextAuth's generic code, for a callback that could not go on. */
  Failed: "Callback",
} as const;

/** Why following a sign-in link for an address without an account made none: our codes on /auth/error. */
export const EmailLinkRefusal = {
  /** Links may not create accounts (EMAIL_LINK_SIGNUP=false), or the address is kept for its old account's undo. */
  SignUpClosed: "EmailLinkSignUpClosed",
  /** Too many sign-ups from this network (SIGNUP_MAX_PER_IP_PER_HOUR). */
  SignUpLimited: "EmailLinkSignUpLimited",
} as const;

/** The error page's address for a refused OAuth sign-in: which provider, and how the account can sign in instead. */
export function oauthRefusalPath(code: string, details: { provider?: OAuthProviderId; methods?: SignInMethod[] } = {}): string {
  const query = new URLSearchParams({ error: code });
  if (details.provider) query.set("provider", details.provider);
  if (details.methods?.length) query.set("methods", details.methods.join(","));
  return `/auth/error?${query}`;
}

/** "A, B or C". */
function either(words: string[]): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

interface AuthErrorNames {
  /** The provider's display name, when the error is about one ("GitHub", or OIDC_NAME). */
  provider: string | null;
  /** How the account can sign in instead, named for people ("your email and password", "GitHub"). */
  methods: string[];
}

/**
 * The error page's words for the codes it can be sent: NextAuth's own, each
 * with what to do next, our OAuth refusals, and our sign-in refusals.
 */
export function authErrorMessage(code: string, { provider, methods }: AuthErrorNames): string {
  const theProvider = provider ?? "the provider";
  switch (code) {
    case OAuthRefusal.EmailNotVerified: {
      const how = methods.length > 0 ? `Sign in with ${either(methods)}` : "Sign in the way you did before";
      return `An account with this email already exists, and ${theProvider} has not confirmed that the address is yours, so we did not connect them. ${how}, then connect ${theProvider} in Settings, under Connected accounts.`;
    }
    case OAuthRefusal.LinkedElsewhere:
    case "OAuthAccountNotLinked":
      return `${provider ? `This ${provider} account` : "That account"} is already connected to another KeyForge account. To connect it here, sign in to that account and disconnect it there first.`;
    case OAuthRefusal.ReauthRequired:
      return `Your last sign-in was more than 10 minutes ago. To connect ${theProvider}, confirm it is you first: go back to Settings, confirm your password or sign in again, then connect.`;
    case OAuthRefusal.ViewAsReadOnly:
      return `You are viewing KeyForge as someone else, which only lets you look: nothing can be connected or signed in to from this view. Stop viewing as them first, then sign in with ${theProvider}.`;
    case "OAuthSignin":
      return `We could not start signing you in with ${theProvider}. Please try again.`;
    case "OAuthCallback":
      return `We could not verify the answer from ${theProvider}: the sign-in may have taken too long, or been started in another tab. Please try again.`;
    case "OAuthCreateAccount":
      return "We could not create your account with that provider. Please try again, or sign up with your email.";
    case "Configuration":
      return "Sign-in is misconfigured on our side. Please try again later.";
    case "AccessDenied":
      return "You do not have permission to sign in.";
    case "Verification":
      return "This sign-in link is no longer valid: it works once, for 10 minutes. Ask for a new one on the sign-in page.";
    case "EmailSignin":
      return "We could not send a sign-in link to that address. Check it and try again, or sign in another way.";
    case EmailLinkRefusal.SignUpClosed:
      return "There is no account with this email, and this link cannot create one. Sign up with a password instead, or sign in another way.";
    case EmailLinkRefusal.SignUpLimited:
      return "Too many accounts were created from your network. Try again in an hour.";
    case "SessionRequired":
      return "Please sign in to see that page.";
  }
  if (isSecondStepRefusal(code)) return secondStepRefusalMessages[code];
  return isSignInRefusal(code) ? signInRefusalMessages[code] : "Something went wrong while signing you in. Please try again.";
}

/** The second step's page, for a sign-in whose first step passed, keeping where to go after it. */
export function twoFactorPagePath(callbackUrl: string, method?: "recovery"): string {
  const query = new URLSearchParams({ callbackUrl });
  if (method) query.set("method", method);
  return `/auth/two-factor?${query}`;
}
