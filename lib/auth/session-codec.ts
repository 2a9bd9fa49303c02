import "#server-only";
import { createSecretKey, hkdfSync, randomUUID, type KeyObject } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import { LRUCache } from "lru-cache";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

/**
 * NextAuth's session token codec (`authOptions.jwt.encode`/`decode`), with
 * next-auth v4's own format: a JWE (`dir`, A256GCM) under a key derived from
 * the secret with HKDF-SHA256, carrying `iat`, `exp` and a random `jti`.
 * Cookies from next-auth's codec decode here and ours decode there. Three
 * things make it cheaper than next-auth's, which derives the key on every call
 * (HKDF, ~56 µs), decrypts the same cookie on every request and encrypts a new
 * one on every session read:
 * - the key is derived once per secret;
 * - a decrypted cookie is remembered, keyed by the exact cookie string (a
 *   bounded LRU, and a cookie is only ever in it after it decrypted under the
 *   same secret; `exp` is checked again on every hit);
 * - encoding the token a cookie decoded to, unchanged, gives back that cookie
 *   until `SESSION_UPDATE_AGE_SECONDS` after it was issued, so an unchanged
 *   session is not re-encrypted nor re-sent on every read.
 */

/** NextAuth's `session.updateAge`: how old an unchanged session cookie may get before a read re-issues it. */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/** next-auth v4's defaults, kept so both codecs agree. */
const DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
const CLOCK_TOLERANCE_SECONDS = 15;

/** Decrypted cookies remembered (a few hundred bytes each). */
const DECODED_CACHE_SIZE = 1_000;

const derivedKeys = new Map<string, KeyObject>();

/** next-auth v4's key: HKDF-SHA256 of the secret, salted, with its info string (jwt/index.js). */
function encryptionKey(secret: string | Buffer, salt: string): KeyObject {
  const id = `${salt}\u0000${secret.toString()}`;
  let key = derivedKeys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = createSecretKey(Buffer.from(hkdfSync("sha256", secret, salt, info, 32)));
    derivedKeys.set(id, key);
  }
  return key;
}

interface DecodedCookie {
  claims: JWT;
  /** Which secret and salt it decrypted under. */
  keyId: KeyObject;
}

const decodedCookies = new LRUCache<string, DecodedCookie>({ max: DECODED_CACHE_SIZE });

/** What a decoded token came from, so that encoding it unchanged can give the same cookie back. */
interface Origin {
  cookie: string;
  /** The claims as decoded, to notice a token changed in place. */
  claims: JWT;
  issuedAt: number;
}

const origins = new WeakMap<JWT, Origin>();

const nowSeconds = () => Math.floor(Date.now() / 1000);

function isExpired(claims: JWT): boolean {
  return typeof claims.exp === "number" && claims.exp <= nowSeconds() - CLOCK_TOLERANCE_SECONDS;
}

/**
 * A fresh deep copy of the claims for each caller, remembered as coming from
 * `cookie`: callers may change what they get, nested claims included, and the
 * next read of the cookie still gets what it sealed.
 */
function handOut(claims: JWT, cookie: string): JWT {
  const token = structuredClone(claims);
  origins.set(token, { cookie, claims, issuedAt: typeof claims.iat === "number" ? claims.iat : 0 });
  return token;
}

/**
 * Whether `token` still holds exactly the claims it was decoded with, nested
 * ones included (each caller's copy has its own). Compared as the JSON a
 * cookie seals, which is all that would change in a new one.
 */
function unchanged(token: JWT, claims: JWT): boolean {
  return JSON.stringify(token) === JSON.stringify(claims);
}

/** The cookie `token` was decoded from, if it is unchanged and young enough to be sent again as it is. */
function reusableCookie(token: JWT): string | undefined {
  const origin = origins.get(token);
  if (!origin || nowSeconds() - origin.issuedAt >= SESSION_UPDATE_AGE_SECONDS) return undefined;
  return unchanged(token, origin.claims) ? origin.cookie : undefined;
}

/** `authOptions.jwt.encode`. */
export async function encodeSessionToken({ token, secret, maxAge = DEFAULT_MAX_AGE_SECONDS, salt = "" }: JWTEncodeParams): Promise<string> {
  const reused = token && reusableCookie(token);
  if (reused) return reused;
  const key = encryptionKey(secret, salt);
  return new EncryptJWT(token ?? {})
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(nowSeconds() + maxAge)
    .setJti(randomUUID())
    .encrypt(key);
}

/** `authOptions.jwt.decode`: the claims, or an error for a cookie that is forged, tampered with, expired or from another secret. */
export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const key = encryptionKey(secret, salt);
  const cached = decodedCookies.get(token);
  if (cached && cached.keyId === key) {
    if (isExpired(cached.claims)) {
      decodedCookies.delete(token);
      throw new SessionTokenExpiredError();
    }
    return handOut(cached.claims, token);
  }
  const { payload } = await jwtDecrypt(token, key, { clockTolerance: CLOCK_TOLERANCE_SECONDS });
  // Authenticated encryption under our secret: only our encoder could have sealed these claims.
  const claims = payload as JWT;
  decodedCookies.set(token, { claims, keyId: key });
  return handOut(claims, token);
}

/** The one error jose would throw for an expired token, for a remembered one that has since expired. */
class SessionTokenExpiredError extends Error {
  constructor() {
    super('"exp" claim timestamp check failed');
    this.name = "JWTExpired";
  }
}
