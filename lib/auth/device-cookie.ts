import "#server-only";
import { randomBytes } from "node:crypto";
import { serialize } from "cookie";
import type { SignInMethod } from "@/lib/accounts/shared";
import { equalInConstantTime, keyedHash } from "@/lib/core/keyed-hash";
import { sendSecurityNotice } from "@/lib/notices";
import { cookieName, cookieOptions } from "./cookies";
import type { AuthRequest } from "./request-context";

/**
 * The device cookie of OWASP's "Slow Down Online Guessing Attacks with Device
 * Cookies": after a successful sign-in the browser gets a signed cookie naming
 * (a keyed hash of) the account; a later sign-in attempt carrying it is judged
 * against that device's own failure budget, so failures from elsewhere cannot
 * lock the owner out. It holds no email and grants nothing by itself.
 *
 * Value: `<nonce>.<account tag>.<user id>.<mac>`, each base64url but the id
 * (hex); the MAC is HMAC-SHA256 under a key derived from NEXTAUTH_SECRET.
 * The user id lets a returning browser's sign-in read the account by its
 * `_id` (a key lookup everywhere, where FerretDB scans `users` for an email);
 * the account read is still checked to have the email typed. Cookies from
 * before the id was added (`<nonce>.<tag>.<mac>`) stay valid, without it.
 */

const DEVICE_COOKIE = "keyforge.device";
const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

function mac(data: string, bytes: number): Buffer {
  return keyedHash("device cookie v1", data).subarray(0, bytes);
}

/** The account a device cookie is for, as a tag: the same email gives the same tag, and the email cannot be read back. */
function accountTag(email: string): string {
  return mac(`account:${email}`, 16).toString("base64url");
}

/** A Set-Cookie line for a new device cookie bound to `email` (already normalised) and its account. */
function newDeviceCookie(email: string, userId: string): string {
  const payload = `${randomBytes(16).toString("base64url")}.${accountTag(email)}.${userId}`;
  const value = `${payload}.${mac(`device:${payload}`, 32).toString("base64url")}`;
  return serialize(cookieName(DEVICE_COOKIE), value, cookieOptions({ path: "/api/auth", maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS }));
}

/** A browser that signed in to the account before, as its device cookie says. */
interface TrustedDevice {
  /** The device's own id (its nonce): the key of its failure budget. */
  id: string;
  /** The account the cookie was issued for; null on a cookie from before ids were added. */
  userId: string | null;
}

/**
 * The device when the request's cookie is a genuine device cookie for
 * `email`, else null: the attempt then counts as an unknown device.
 */
export function trustedDevice(cookies: Partial<Record<string, string>>, email: string): TrustedDevice | null {
  const parts = (cookies[cookieName(DEVICE_COOKIE)] ?? "").split(".");
  const signature = parts.pop();
  const [nonce, tag, userId, ...rest] = parts;
  if (!nonce || !tag || !signature || rest.length > 0 || userId === "") return null;
  if (!equalInConstantTime(Buffer.from(signature, "base64url"), mac(`device:${parts.join(".")}`, 32))) return null;
  return tag === accountTag(email) ? { id: nonce, userId: userId ?? null } : null;
}

/** A sign-in this soon after the account was created is its sign-up, which is no news to its owner. */
const NEW_ACCOUNT_MS = 10 * 60 * 1000;

export function isNewAccount(createdAt: Date | undefined, now = Date.now()): boolean {
  return createdAt !== undefined && now - createdAt.getTime() < NEW_ACCOUNT_MS;
}

interface SignInOnDevice {
  userId: string;
  email: string;
  method: SignInMethod;
  /** The account was created by this sign-in, or just before it (sign-up). */
  newAccount: boolean;
}

/**
 * After a sign-in that opened a new device session: the browser gets a fresh
 * device cookie for the account, and when it had none (a browser this account
 * never signed in from), the owner gets a "new sign-in" notice by email.
 */
export async function rememberSignInDevice(request: AuthRequest, { userId, email, method, newAccount }: SignInOnDevice): Promise<void> {
  const known = trustedDevice(request.cookies, email) !== null;
  request.setCookie(newDeviceCookie(email, userId));
  if (!known && !newAccount) await sendSecurityNotice(userId, { kind: "new-sign-in", method }, request);
}
