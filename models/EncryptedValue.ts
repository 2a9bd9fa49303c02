/**
 * What is stored for one secret encrypted by lib/core/crypto.ts (AES-256-GCM):
 * every field is needed to decrypt it, and none reveals it.
 */
export interface EncryptedValue {
  /** Which ENCRYPTION_KEYS entry encrypted it (rotation re-encrypts the others). */
  keyId: string;
  iv: string;
  data: string;
  tag: string;
}

/** The Mongoose fields of an encrypted value, for any model that stores one. */
export const encryptedValueFields = {
  keyId: { type: String, required: true },
  iv: { type: String, required: true },
  data: { type: String, required: true },
  tag: { type: String, required: true },
} satisfies Record<keyof EncryptedValue, unknown>;
