/**
 * Why a sign-in was refused, as the `?error=` codes NextAuth carries to the
 * browser. Wrong password and unknown email share one code and one message, so
 * neither reveals whether an account exists. Browser-safe.
 */
export const SignInErrorCode = {
  InvalidCredentials: "CredentialsSignin",
  AccountLocked: "AccountLocked",
  AccountDisabled: "AccountDisabled",
  TooManyAttempts: "TooManyAttempts",
} as const;

export type SignInErrorCode = (typeof SignInErrorCode)[keyof typeof SignInErrorCode];

export const signInErrorMessages: Record<SignInErrorCode, string> = {
  CredentialsSignin: "Invalid email or password",
  AccountLocked:
    "Too many failed sign-ins for this email. Wait 15 minutes and try again, or reset your password.",
  AccountDisabled: "This account has been disabled. Contact an administrator if you think this is a mistake.",
  TooManyAttempts: "Too many sign-in attempts from your network. Wait a minute and try again.",
};

/** The message for a NextAuth error code, or a generic one for codes we do not expect. */
export function signInErrorMessage(code: string | null | undefined): string {
  if (!code) return signInErrorMessages.CredentialsSignin;
  return code in signInErrorMessages
    ? signInErrorMessages[code as SignInErrorCode]
    : "Sign-in did not work. Please try again.";
}
