import "#server-only";
import type { Types } from "mongoose";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import type { StoredApiKey } from "./repository";
import type { ApiKeyProvider } from "./shared";

/**
 * Sealing and opening vault entries. Each key is encrypted with its owner's id
 * and its provider as additional authenticated data, so a value copied to
 * another user, or to another provider's slot, does not decrypt.
 */

/** The AAD of one vault entry. */
export function apiKeyBinding(userId: Types.ObjectId | string, provider: ApiKeyProvider): string {
  return `user:${userId.toString()}/provider:${provider}`;
}

/** Encrypts `value` for `userId`'s `provider` slot with the current key; `updatedAt` is when the person set it. */
export function sealApiKey(userId: Types.ObjectId | string, provider: ApiKeyProvider, value: string, updatedAt: Date): StoredApiKey {
  return { ...encryptSecret(value, apiKeyBinding(userId, provider), getEnv().ENCRYPTION_KEYS), updatedAt };
}

/** The plaintext key, or throws DecryptionError when it cannot be read. Server-side use only. */
export function openApiKey(userId: Types.ObjectId, provider: ApiKeyProvider, stored: StoredApiKey): string {
  return decryptSecret(stored, apiKeyBinding(userId, provider), getEnv().ENCRYPTION_KEYS);
}
