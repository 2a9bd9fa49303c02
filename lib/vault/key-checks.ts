import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { consumeRateLimits, enforceRateLimit } from "@/lib/rate-limit";
import { checkTogetherKey } from "@/lib/together";
import type { ApiKeyCheckStatus, CheckableApiKeyProvider } from "./shared";

/**
 * Live checks of a key with its provider (the cheapest authenticated call),
 * and where their results are kept: on the vault entry they checked, as
 * `lastCheck`. Checks on save and "Check" share one budget per user, since
 * each is a call to the provider (and a way to try keys out).
 */

/** Checks per user per minute, on save and "Check" together. */
const CHECK_LIMIT = { limit: 10, windowSeconds: 60 };

const checkLimitKey = (data: DataAccess) => `keycheck:${ownId(data)}`;

/** "Check": counts one check, or throws 429 when the budget is used up. */
export function enforceKeyCheckLimit(data: DataAccess): Promise<void> {
  return enforceRateLimit(checkLimitKey(data), CHECK_LIMIT, "Too many key checks. Wait a minute and try again.");
}

/** A check on save: counts one, and says whether it may run (past the budget the key is stored unchecked). */
async function mayCheckOnSave(data: DataAccess): Promise<boolean> {
  const [result] = await consumeRateLimits([{ key: checkLimitKey(data), rule: CHECK_LIMIT }]);
  return result?.allowed ?? false;
}

/** Asks the provider about `key`: valid, rejected, or unreachable (bounded by TOGETHER_KEY_CHECK_TIMEOUT_MS). */
export function checkWithProvider(provider: CheckableApiKeyProvider, key: string): Promise<ApiKeyCheckStatus> {
  switch (provider) {
    case "togetherAI":
      return checkTogetherKey(key);
  }
}

/**
 * Keeps a check's result on the entry it checked: only while that entry is
 * still the one whose IV was `iv` (a key replaced meanwhile starts unchecked,
 * and a rotation keeps `lastCheck`). False when the entry changed.
 */
export async function recordKeyCheck(
  data: DataAccess,
  provider: CheckableApiKeyProvider,
  iv: string,
  check: { result: ApiKeyCheckStatus; at: Date },
): Promise<boolean> {
  const updated = await data.users.updateOne(
    { _id: ownId(data), [`apiKeys.${provider}.iv`]: iv },
    { $set: { [`apiKeys.${provider}.lastCheck`]: check } },
  );
  return updated !== null;
}

/** A key just stored: its plaintext (still in hand from the request) and the IV of its sealed entry. */
export interface SavedKey {
  provider: CheckableApiKeyProvider;
  key: string;
  iv: string;
}

/**
 * Checks keys just saved, each recorded on its entry; what each provider
 * said, or null when the user's check budget is used up (nothing checked).
 */
export async function checkSavedKeys(
  data: DataAccess,
  saved: SavedKey[],
): Promise<Partial<Record<CheckableApiKeyProvider, ApiKeyCheckStatus>> | null> {
  if (saved.length === 0 || !(await mayCheckOnSave(data))) return null;
  const results = await Promise.all(
    saved.map(async ({ provider, key, iv }) => {
      const result = await checkWithProvider(provider, key);
      await recordKeyCheck(data, provider, iv, { result, at: new Date() });
      return [provider, result] as const;
    }),
  );
  return Object.fromEntries(results);
}
