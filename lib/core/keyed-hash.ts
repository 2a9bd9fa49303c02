import "#server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "./env";

/**
 * HMAC-SHA256 under a key derived from NEXTAUTH_SECRET for one purpose only
 * (HKDF-SHA256, the purpose as its info), so each use (device cookies, the
 * audit trail's email hashes) has its own key and none interferes with
 * NextAuth's own use of the secret. Rotating NEXTAUTH_SECRET changes them all.
 */
const keys = new Map<string, { secret: string; key: Buffer }>();

function keyFor(purpose: string): Buffer {
  const secret = getEnv().NEXTAUTH_SECRET;
  let entry = keys.get(purpose);
  if (entry?.secret !== secret) {
    entry = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", `keyforge ${purpose}`, 32)) };
    keys.set(purpose, entry);
  }
  return entry.key;
}

/** The 32-byte HMAC of `data` under `purpose`'s key. */
export function keyedHash(purpose: string, data: string): Buffer {
  return createHmac("sha256", keyFor(purpose)).update(data, "utf8").digest();
}

/** Whether two MACs or tokens are equal, in time that does not depend on where they differ. */
export function equalInConstantTime(a: string | Buffer, b: string | Buffer): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
