import "#server-only";
import type { DataAccess } from "@/lib/access";
import { DecryptionError } from "@/lib/core/crypto";
import { findOwnVault } from "./api-keys";
import { checkWithProvider, recordKeyCheck } from "./key-checks";
import { openApiKey } from "./sealing";
import { API_KEY_PROVIDER_LABELS, type ApiKeyCheckResponse, type ApiKeyProvider, type ApiKeyCheckStatus } from "./shared";

/**
 * The only ways a full key leaves the vault: to the server code that calls
 * the provider with it, for one request. Nothing here returns a key to a client.
 * The data door refuses (403) to hand a key over for anyone but its owner: an
 * admin viewing as the user can neither check nor use it.
 */

type StoredKeyForUse =
  /** `iv` names the entry, for a check's result to be kept on it. */
  | { status: "ok"; key: string; iv: string }
  | { status: "missing" }
  /** Stored, but it no longer decrypts (its encryption key was removed, or it was altered). */
  | { status: "unreadable" };

/** The signed-in user's plaintext key for `provider`, for one call to that provider. */
export async function openApiKeyForUse(data: DataAccess, provider: ApiKeyProvider): Promise<StoredKeyForUse> {
  const vault = await findOwnVault(data, "use");
  const stored = vault?.apiKeys?.[provider];
  if (!vault || !stored) return { status: "missing" };
  try {
    return { status: "ok", key: openApiKey(vault.userId, provider, stored), iv: stored.iv };
  } catch (error) {
    if (error instanceof DecryptionError) return { status: "unreadable" };
    throw error;
  }
}

const checkMessages: Record<ApiKeyCheckStatus, (label: string) => string> = {
  valid: (label) => `${label} accepted this key.`,
  rejected: (label) => `${label} rejected this key. Replace it with a current one from your ${label} account.`,
  unreachable: (label) => `${label} could not be reached, so the key was not checked. Try again in a moment.`,
};

/**
 * Checks the stored key with the provider and keeps the result on its entry
 * (`lastCheck`); null when none is stored. An unreadable key counts as
 * rejected, without a call (nor a record: it is not a verdict on the key).
 */
export async function checkStoredApiKey(
  data: DataAccess,
  provider: ApiKeyCheckResponse["provider"],
): Promise<ApiKeyCheckResponse | null> {
  const stored = await openApiKeyForUse(data, provider);
  if (stored.status === "missing") return null;
  const status = stored.status === "ok" ? await checkWithProvider(provider, stored.key) : "rejected";
  const checkedAt = new Date();
  if (stored.status === "ok") await recordKeyCheck(data, provider, stored.iv, { result: status, at: checkedAt });
  return { provider, status, message: checkMessages[status](API_KEY_PROVIDER_LABELS[provider]), checkedAt: checkedAt.toISOString() };
}
