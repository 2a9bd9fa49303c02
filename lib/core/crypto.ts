import "#server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { EncryptedValue } from "@/models/EncryptedValue";

/**
 * Secrets at rest: AES-256-GCM with a random 96-bit IV per value. The caller
 * binds each value to its place with additional authenticated data (the
 * owner's id and the provider name), so a ciphertext copied to another user
 * or another field fails to decrypt instead of leaking someone's key.
 *
 * Keys come from ENCRYPTION_KEYS ("k2:<base64 32 bytes>,k1:<…>"): the first
 * encrypts, all decrypt, and each stored value records which key made it, so
 * keys can be rotated (npm run rotate-keys) without downtime.
 */

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
/** GCM's full tag, pinned when decrypting: Node otherwise accepts a tag cut to 4 bytes, and a short tag is far easier to forge. */
const TAG_BYTES = 16;

/** The secret could not be decrypted: unknown key, tampered value, or bound to another owner. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt: ${reason}`);
    this.name = "DecryptionError";
  }
}

/**
 * Parses ENCRYPTION_KEYS into keys, current first. Returns problems instead of
 * throwing so lib/core/env.ts can report them with the other variables. A
 * problem names its entry by position ("entry 2"), never by its characters:
 * a malformed entry may be key material, and these lines reach logs.
 */
export function parseEncryptionKeys(value: string): { keys: EncryptionKey[]; problems: string[] } {
  const keys: EncryptionKey[] = [];
  const problems: string[] = [];
  const ids = new Map<string, number>();
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .forEach((entry, index) => {
      const position = index + 1;
      const separator = entry.indexOf(":");
      const id = entry.slice(0, separator);
      const key = Buffer.from(entry.slice(separator + 1), "base64");
      const first = ids.get(id);
      if (separator < 1 || !KEY_ID.test(id)) problems.push(`entry ${position} needs the form <id>:<base64 key>`);
      else if (key.length !== 32) problems.push(`entry ${position} must be 32 bytes of base64 (openssl rand -base64 32)`);
      else if (first !== undefined) problems.push(`entry ${position} repeats the id of entry ${first}`);
      else {
        ids.set(id, position);
        keys.push({ id, key });
      }
    });
  if (keys.length === 0 && problems.length === 0) problems.push("must list at least one key");
  return { keys, problems };
}

/** A new ENCRYPTION_KEYS value with one fresh key (for dev bootstrap and docs). */
export function generateEncryptionKeys(id = "k1"): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

/** The current key: the first of ENCRYPTION_KEYS, the one new values are encrypted with. */
export function currentKey(keys: EncryptionKey[]): EncryptionKey {
  const [current] = keys;
  // The environment refuses an empty ENCRYPTION_KEYS, so this never throws in a running app.
  if (!current) throw new Error("No encryption key configured");
  return current;
}

/** Encrypts `plaintext` with the current (first) key, bound to `associatedData`. */
export function encryptSecret(plaintext: string, associatedData: string, keys: EncryptionKey[]): EncryptedValue {
  const current = currentKey(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    keyId: current.id,
    iv: iv.toString("base64"),
    data: data.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
}

/** Decrypts a value made by `encryptSecret` with the same `associatedData`, or throws DecryptionError. */
export function decryptSecret(value: EncryptedValue, associatedData: string, keys: EncryptionKey[]): string {
  const key = keys.find((candidate) => candidate.id === value.keyId);
  if (!key) throw new DecryptionError(`key ${value.keyId} is not configured`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(value.iv, "base64"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(Buffer.from(value.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(value.data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("the value was altered or belongs elsewhere");
  }
}

/** Whether a stored value was made by a key other than the current one (rotation's test). */
export function needsReencryption(value: EncryptedValue, keys: EncryptionKey[]): boolean {
  return value.keyId !== keys[0]?.id;
}
