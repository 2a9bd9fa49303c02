import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { recordAuthEvent, type AuthEventOrigin } from "@/lib/audit";
import { sendSecurityNotice } from "@/lib/notices";
import { storeApiKeys } from "@/lib/vault";
import type { ApiKeysUpdate, ApiKeysUpdateResponse } from "@/lib/vault/shared";
import { assertEmailVerified } from "./verified-email";

/** Each kind of vault change, as the audit trail names it. */
const VAULT_EVENTS = { added: "vault.key_added", replaced: "vault.key_replaced", removed: "vault.key_removed" } as const;

/**
 * Sets (string) or removes (null) keys in the signed-in user's vault
 * (lib/vault encrypts them, and checks a new key with its provider where it
 * can) and returns it masked, with what the checks found (`check`, absent when
 * none ran); null when the account is gone (403 for an admin viewing as the user). Each change is recorded in the
 * audit trail as added, replaced or removed, by provider only: the key never
 * reaches the audit trail. An added key is also a security notice by email
 * (unless the owner turned those off). Setting a key needs a verified
 * address (403 EMAIL_NOT_VERIFIED); removing one never does.
 */
export async function updateApiKeys(
  data: DataAccess,
  update: ApiKeysUpdate,
  origin: AuthEventOrigin,
): Promise<ApiKeysUpdateResponse | null> {
  if (Object.values(update).some((value) => typeof value === "string")) await assertEmailVerified(data);
  const stored = await storeApiKeys(data, update);
  if (!stored) return null;
  const userId = ownId(data);
  for (const { provider, change } of stored.changes) {
    await recordAuthEvent({ type: VAULT_EVENTS[change], provider, userId, ...origin });
    if (change === "added") await sendSecurityNotice(userId, { kind: "api-key-added", provider }, origin.context);
  }
  if (!stored.apiKeys) return null;
  return { apiKeys: stored.apiKeys, ...(stored.check ? { check: stored.check } : {}) };
}
