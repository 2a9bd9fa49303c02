import { z } from "zod";
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
  | typeof ErrorCode.SignInUnavailable;

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
};

function isSignInRefusal(code: string): code is SignInRefusal {
  return Object.hasOwn(signInRefusalMessages, code);
}

/** The message for a `?error=` code, or a generic one for codes we do not expect. */
export function signInErrorMessage(code: string | null | undefined): string {
  if (!code) return signInRefusalMessages[ErrorCode.InvalidCredentials];
  return isSignInRefusal(code) ? signInRefusalMessages[code] : "Sign-in did not work. Please try again.";
}
