import "#server-only";
import type { Types } from "mongoose";
import { DecryptionError } from "@/lib/core/crypto";
import type { StoredApiKey, StoredApiKeys } from "./repository";
import { openApiKey } from "./sealing";
import { byProvider, type ApiKeyLastCheck, type ApiKeyProvider, type ApiKeysResponse, type MaskedApiKey } from "./shared";

/**
 * How a key is shown, never more than about a third of it: the first 8 and
 * last 4 characters of a key of 32 or more, the first 4 and last 4 of one of
 * 17 to 31, and at most the last 4 (a third, rounded down) of a shorter one.
 */
export function maskApiKey(value: string): string {
  if (value.length >= 32) return `${value.slice(0, 8)}…${value.slice(-4)}`;
  if (value.length > 16) return `${value.slice(0, 4)}…${value.slice(-4)}`;
  const visible = Math.min(4, Math.floor(value.length / 3));
  return `…${value.slice(value.length - visible)}`;
}

function lastCheckOf(stored: StoredApiKey): ApiKeyLastCheck {
  return stored.lastCheck ? { result: stored.lastCheck.result, at: stored.lastCheck.at.toISOString() } : null;
}

function maskStored(userId: Types.ObjectId, provider: ApiKeyProvider, stored: StoredApiKey | undefined): MaskedApiKey | null {
  if (!stored) return null;
  const updatedAt = stored.updatedAt.toISOString();
  const lastCheck = lastCheckOf(stored);
  try {
    return { masked: maskApiKey(openApiKey(userId, provider, stored)), updatedAt, lastCheck };
  } catch (error) {
    if (error instanceof DecryptionError) return { masked: null, updatedAt, lastCheck, unreadable: true };
    throw error;
  }
}

/** Every provider's entry, masked (null where none is stored). */
export function maskApiKeys(userId: Types.ObjectId, stored: StoredApiKeys | undefined): ApiKeysResponse["apiKeys"] {
  return byProvider((provider) => maskStored(userId, provider, stored?.[provider]));
}
