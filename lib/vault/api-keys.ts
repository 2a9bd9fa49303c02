import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { checkSavedKeys, type SavedKey } from "./key-checks";
import { maskApiKeys } from "./masking";
import type { StoredApiKey, StoredApiKeys, Vault } from "./repository";
import { sealApiKey } from "./sealing";
import { CHECKABLE_API_KEY_PROVIDERS, type ApiKeyProvider, type ApiKeysResponse, type ApiKeysUpdate, type ApiKeysUpdateResponse } from "./shared";

/**
 * The signed-in user's vault through the data door (lib/access): read to be
 * shown masked (an admin viewing as the user sees it masked too), and changed
 * by its owner only.
 */

/**
 * The user's stored (encrypted) keys, or null when the account is gone: to be
 * shown masked (`reveal`), or to send one to its provider (`use`, which the
 * door refuses with 403 to anyone but the owner).
 */
export async function findOwnVault(data: DataAccess, action: "reveal" | "use" = "reveal"): Promise<Vault | null> {
  const [user] = await data.users.reveal({ _id: ownId(data) }, ["apiKeys"], { action });
  return user ? { userId: user._id, apiKeys: user.apiKeys } : null;
}

/** The user's vault, masked; null when the account is gone. */
export async function getApiKeys(data: DataAccess): Promise<ApiKeysResponse["apiKeys"] | null> {
  const vault = await findOwnVault(data);
  return vault ? maskApiKeys(vault.userId, vault.apiKeys) : null;
}

/**
 * The user's vault, masked, and the held prompt (`pendingPrompt`, encrypted)
 * of the same document, in one read: /generate shows the key and takes the
 * prompt as it loads (lib/generation/pending-prompt.ts). Null when the
 * account is gone; 403 for an admin viewing as the user (the prompt is not
 * theirs to see: read the vault alone then).
 */
export async function getApiKeysAndPendingPrompt(data: DataAccess) {
  const [user] = await data.users.reveal({ _id: ownId(data) }, ["apiKeys", "pendingPrompt"]);
  return user ? { apiKeys: maskApiKeys(user._id, user.apiKeys), pendingPrompt: user.pendingPrompt ?? null } : null;
}

/** What happened to one provider's entry. */
interface ApiKeyChange {
  provider: ApiKeyProvider;
  change: "added" | "replaced" | "removed";
}

/** One provider's change, given whether a key was there before; null when nothing changed (removing a key that was not there). */
function changeOf(before: StoredApiKeys | undefined, provider: ApiKeyProvider, value: string | null): ApiKeyChange | null {
  const had = Boolean(before?.[provider]);
  if (value === null) return had ? { provider, change: "removed" } : null;
  return { provider, change: had ? "replaced" : "added" };
}

/** One update that stores the sealed entries and removes the others. */
function vaultUpdate(set: Partial<Record<ApiKeyProvider, StoredApiKey>>, remove: ApiKeyProvider[]) {
  const sealed = Object.fromEntries(Object.entries(set).map(([provider, stored]) => [`apiKeys.${provider}`, stored]));
  const removed = Object.fromEntries(remove.map((provider) => [`apiKeys.${provider}`, ""]));
  return {
    ...(Object.keys(sealed).length > 0 ? { $set: sealed } : {}),
    ...(Object.keys(removed).length > 0 ? { $unset: removed } : {}),
  };
}

/** The keys of `set` whose provider can check them, with their plaintext from `update`. */
function checkableKeys(update: ApiKeysUpdate, set: Partial<Record<ApiKeyProvider, StoredApiKey>>): SavedKey[] {
  return CHECKABLE_API_KEY_PROVIDERS.flatMap((provider) => {
    const key = update[provider];
    const sealed = set[provider];
    return typeof key === "string" && sealed ? [{ provider, key, iv: sealed.iv }] : [];
  });
}

/**
 * Sets (string) or removes (null) keys in the user's vault, each encrypted for
 * its owner and provider; a key set for a provider that can check it is then
 * checked with that provider (stored whatever it says, the result kept on the
 * entry: key-checks.ts). Returns what changed (comparing with the vault as
 * read just before), what the checks found (absent when none ran), and the
 * vault masked (null if the account went meanwhile); null when the account is
 * gone (403 for an admin viewing as the user). Who hears about the changes is
 * the caller's business (lib/users/api-keys.ts records and announces them).
 */
export async function storeApiKeys(
  data: DataAccess,
  update: ApiKeysUpdate,
): Promise<{ apiKeys: ApiKeysResponse["apiKeys"] | null; changes: ApiKeyChange[]; check: ApiKeysUpdateResponse["check"] | null } | null> {
  const before = await findOwnVault(data);
  if (!before) return null;
  const userId = ownId(data);
  const now = new Date();
  const changes = Object.entries(update).filter((entry): entry is [ApiKeyProvider, string | null] => entry[1] !== undefined);
  const set: Partial<Record<ApiKeyProvider, StoredApiKey>> = {};
  const remove: ApiKeyProvider[] = [];
  for (const [provider, value] of changes) {
    if (value === null) remove.push(provider);
    else set[provider] = sealApiKey(userId, provider, value, now);
  }
  if (!(await data.users.updateOne({ _id: userId }, vaultUpdate(set, remove)))) return null;
  const stored = changes.flatMap(([provider, value]) => changeOf(before.apiKeys, provider, value) ?? []);
  const check = await checkSavedKeys(data, checkableKeys(update, set));
  return { apiKeys: await getApiKeys(data), changes: stored, check };
}
