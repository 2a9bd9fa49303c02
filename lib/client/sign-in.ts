import "client-only";
import { signIn } from "next-auth/react";
import { ApiError } from "./api-client";
import { safeCallbackPath, signInErrorMessage } from "@/lib/auth/shared";

/**
 * Browser: signs in with email and password without a full-page redirect and
 * returns where to go next (a same-origin path). A refusal throws an ApiError
 * whose message says, in words, what happened.
 */
export async function signInWithPassword(credentials: { email: string; password: string }, callbackUrl: string): Promise<string> {
  const result = await signIn("credentials", { redirect: false, callbackUrl, ...credentials });
  if (!result || result.error) {
    throw new ApiError(result?.status ?? 401, result?.error ?? "CredentialsSignin", signInErrorMessage(result?.error));
  }
  return safeCallbackPath(result.url ?? callbackUrl, window.location.origin);
}
