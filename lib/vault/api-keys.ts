import "#server-only";
import { maskApiKeys } from "./masking";
import { findVault, writeVault, type StoredApiKey } from "./repository";
import { sealApiKey } from "./sealing";
import type { ApiKeyProvider, ApiKeysResponse, ApiKeysUpdate } from "./shared";

/** The user's vault, masked; null when there is no such user. */
export async function getApiKeys(userId: string): Promise<ApiKeysResponse["apiKeys"] | null> {
  const vault = await findVault(userId);
  return vault ? maskApiKeys(vault.userId, vault.apiKeys) : null;
}

/**
 * Sets (string) or removes (null) keys in the user's vault, each encrypted for
 * its owner and provider, and returns the vault masked; null when there is no such user.
 */
export async function updateApiKeys(userId: string, update: ApiKeysUpdate): Promise<ApiKeysResponse["apiKeys"] | null> {
  const now = new Date();
  const set: Partial<Record<ApiKeyProvider, StoredApiKey>> = {};
  const remove: ApiKeyProvider[] = [];
  for (const [provider, value] of Object.entries(update) as [ApiKeyProvider, string | null | undefined][]) {
    if (value === null) remove.push(provider);
    else if (value !== undefined) set[provider] = sealApiKey(userId, provider, value, now);
  }
  if (!(await writeVault(userId, { set, remove }))) return null;
  return getApiKeys(userId);
}
