import "client-only";
import { signOut } from "next-auth/react";
import { forgetLastPrompts } from "./forget-last-prompts";

/**
 * After a request that signed out every device of an account (a password
 * reset, "This wasn't me"): this browser forgets its session too, and what
 * it kept for the account, so the page stops looking signed in before the
 * server's next re-check. Nothing happens when nobody was signed in here.
 */
export async function forgetThisBrowsersSession(): Promise<void> {
  forgetLastPrompts();
  try {
    await signOut({ redirect: false });
  } catch {
    // Offline: the server has ended the session anyway; its cookie fails at the next re-check.
  }
}
