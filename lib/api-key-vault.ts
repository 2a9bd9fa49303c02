import type { Types } from "mongoose";
import { decryptSecret, DecryptionError, encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import {
  API_KEY_PROVIDERS,
  type ApiKeyProvider,
  type ApiKeysResponse,
  type MaskedApiKey,
} from "@/lib/validations/api-keys";
import type { StoredApiKey, StoredApiKeys } from "@/models/User";

/**
 * Sealing and opening vault entries. Each key is encrypted with its owner's id
 * and its provider as additional authenticated data, so a value copied to
 * another user, or to another provider's slot, does not decrypt.
 */

/** The AAD of one vault entry. */
export function apiKeyBinding(userId: Types.ObjectId | string, provider: ApiKeyProvider): string {
  return `user:${userId.toString()}/provider:${provider}`;
}

/** Encrypts `value` for `userId`'s `provider` slot with the current key. */
export function sealApiKey(userId: Types.ObjectId, provider: ApiKeyProvider, value: string, now = new Date()): StoredApiKey {
  return { ...encryptSecret(value, apiKeyBinding(userId, provider), getEnv().ENCRYPTION_KEYS), updatedAt: now };
}

/** The plaintext key, or throws DecryptionError when it cannot be read. Server-side use only. */
export function openApiKey(userId: Types.ObjectId, provider: ApiKeyProvider, stored: StoredApiKey): string {
  return decryptSecret(stored, apiKeyBinding(userId, provider), getEnv().ENCRYPTION_KEYS);
}

/**
 * How a key is shown: its first 8 and last 4 characters. A value of 16
 * characters or fewer shows only its last 4, and never more than half of
 * itself, so a short key is not given away whole.
 */
export function maskApiKey(value: string): string {
  if (value.length > 16) return `${value.slice(0, 8)}…${value.slice(-4)}`;
  const visible = Math.min(4, Math.floor(value.length / 2));
  return `…${value.slice(value.length - visible)}`;
}

function maskStored(userId: Types.ObjectId, provider: ApiKeyProvider, stored: StoredApiKey | undefined): MaskedApiKey | null {
  if (!stored) return null;
  const updatedAt = stored.updatedAt.toISOString();
  try {
    return { masked: maskApiKey(openApiKey(userId, provider, stored)), updatedAt };
  } catch (error) {
    if (error instanceof DecryptionError) return { masked: null, updatedAt, unreadable: true };
    throw error;
  }
}

/** Every provider's entry, masked (null where none is stored). */
export function maskApiKeys(userId: Types.ObjectId, stored: StoredApiKeys | undefined): ApiKeysResponse["apiKeys"] {
  return Object.fromEntries(
    API_KEY_PROVIDERS.map((provider) => [provider, maskStored(userId, provider, stored?.[provider])]),
  ) as ApiKeysResponse["apiKeys"];
}
