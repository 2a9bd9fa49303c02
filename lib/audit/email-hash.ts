import "#server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "@/lib/core/env";
import { normalizeEmail } from "@/lib/users/shared";

/**
 * A failed sign-in for an email with no account is recorded by a keyed hash
 * of that email, never the email: repeated attempts against one address can
 * be told apart from a spray across many, while a leaked audit log neither
 * names the address nor lets anyone test guesses without NEXTAUTH_SECRET.
 * The HMAC key is derived (HKDF-SHA256) rather than the secret itself, so this
 * use cannot interfere with NextAuth's own use of it. Rotating NEXTAUTH_SECRET
 * changes every later hash.
 */

let hmacKey: Buffer | undefined;

function emailHashKey(): Buffer {
  hmacKey ??= Buffer.from(hkdfSync("sha256", getEnv().NEXTAUTH_SECRET, "keyforge/authEvents", "email-hash v1", 32));
  return hmacKey;
}

/** HMAC-SHA256 (base64url) of the normalised email: one value however the address was typed. */
export function hashEmail(email: string): string {
  return createHmac("sha256", emailHashKey()).update(normalizeEmail(email), "utf8").digest("base64url");
}
