import "#server-only";
import { keyedHash } from "@/lib/core/keyed-hash";
import { normalizeEmail } from "@/lib/users/shared";

/**
 * A failed sign-in for an email with no account is recorded by a keyed hash
 * of that email, never the email: repeated attempts against one address can
 * be told apart from a spray across many, while a leaked audit log neither
 * names the address nor lets anyone test guesses without NEXTAUTH_SECRET.
 */

/** HMAC-SHA256 (base64url) of the normalised email: one value however the address was typed. */
export function hashEmail(email: string): string {
  return keyedHash("audit email v1", normalizeEmail(email)).toString("base64url");
}
