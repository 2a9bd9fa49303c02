import "#server-only";
import { recordAuthEvent, type AuthEventOrigin } from "@/lib/audit";
import { sendSecurityNotice } from "@/lib/notices";
import { maskApiKeys } from "./masking";
import { findVault, writeVault, type StoredApiKey, type StoredApiKeys } from "./repository";
import { sealApiKey } from "./sealing";
import type { ApiKeyProvider, ApiKeysResponse, ApiKeysUpdate } from "./shared";

/** The user's vault, masked; null when there is no such user. */
export async function getApiKeys(userId: string): Promise<ApiKeysResponse["apiKeys"] | null> {
  const vault = await findVault(userId);
  return vault ? maskApiKeys(vault.userId, vault.apiKeys) : null;
}

/** The audit event for one provider's change, given whether a key was there before; null when nothing changed. */
function vaultEventType(before: StoredApiKeys | undefined, provider: ApiKeyProvider, value: string | null) {
  const had = Boolean(before?.[provider]);
  if (value === null) return had ? "vault.key_removed" : null;
  return had ? "vault.key_replaced" : "vault.key_added";
}

/**
 * Sets (string) or removes (null) keys in the user's vault, each encrypted for
 * its owner and provider, and returns the vault masked; null when there is no
 * such user. Each change is recorded in the audit trail as added, replaced or
 * removed (comparing with the vault as read just before), by provider only:
 * the key never reaches the audit trail. An added key is also a security
 * notice by email (unless the owner turned those off).
 */
export async function updateApiKeys(
  userId: string,
  update: ApiKeysUpdate,
  origin: AuthEventOrigin,
): Promise<ApiKeysResponse["apiKeys"] | null> {
  const before = await findVault(userId);
  if (!before) return null;
  const now = new Date();
  const changes = Object.entries(update).filter((entry): entry is [ApiKeyProvider, string | null] => entry[1] !== undefined);
  const set: Partial<Record<ApiKeyProvider, StoredApiKey>> = {};
  const remove: ApiKeyProvider[] = [];
  for (const [provider, value] of changes) {
    if (value === null) remove.push(provider);
    else set[provider] = sealApiKey(userId, provider, value, now);
  }
  if (!(await writeVault(userId, { set, remove }))) return null;
  for (const [provider, value] of changes) {
    const type = vaultEventType(before.apiKeys, provider, value);
    if (type) void recordAuthEvent({ type, provider, userId, ...origin });
    if (type === "vault.key_added") void sendSecurityNotice(userId, { kind: "api-key-added", provider }, origin.context);
  }
  return getApiKeys(userId);
}
