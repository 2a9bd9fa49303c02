import { signIn } from "next-auth/react";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { signInErrorMessage } from "@/lib/auth/signin-errors";

/**
 * Browser: signs in with email and password without a full-page redirect, and
 * says where to go next (a same-origin path) or what went wrong, in words.
 */
export async function signInWithPassword(
  credentials: { email: string; password: string },
  callbackUrl: string,
): Promise<{ next: string; error?: never } | { error: string; next?: never }> {
  const result = await signIn("credentials", { redirect: false, callbackUrl, ...credentials });
  if (!result || result.error) return { error: signInErrorMessage(result?.error) };
  return { next: safeCallbackPath(result.url ?? callbackUrl, window.location.origin) };
}
