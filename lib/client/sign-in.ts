import "client-only";
import { signIn } from "next-auth/react";
import { ApiError } from "./api-client";
import { ErrorCode } from "@/lib/http/shared";
import { safeCallbackPath, signInErrorMessage, twoFactorPagePath } from "@/lib/auth/shared";

/**
 * Browser: signs in with email and password without a full-page redirect and
 * returns where to go next (a same-origin path): the callbackUrl, or the
 * second step's page when the account has two-step verification. A refusal
 * throws an ApiError whose message says, in words, what happened.
 */
export async function signInWithPassword(credentials: { email: string; password: string }, callbackUrl: string): Promise<string> {
  const result = await signIn("credentials", { redirect: false, callbackUrl, ...credentials });
  if (result?.error === ErrorCode.TwoFactorRequired) return twoFactorPagePath(callbackUrl);
  if (!result || result.error) {
    throw new ApiError(result?.status ?? 401, result?.error ?? "CredentialsSignin", signInErrorMessage(result?.error));
  }
  return safeCallbackPath(result.url ?? callbackUrl, window.location.origin);
}

/**
 * Browser: finishes a sign-in with its second step (a code from the
 * authenticator app, or a recovery code) and returns where to go next.
 * Refusals throw an ApiError, as above.
 */
export async function finishSignInWithSecondStep(proof: { code: string } | { recoveryCode: string }, callbackUrl: string): Promise<string> {
  const result = await signIn("two-factor", { redirect: false, callbackUrl, ...proof });
  if (!result || result.error) {
    throw new ApiError(result?.status ?? 401, result?.error ?? "CredentialsSignin", signInErrorMessage(result?.error));
  }
  return safeCallbackPath(result.url ?? callbackUrl, window.location.origin);
}
