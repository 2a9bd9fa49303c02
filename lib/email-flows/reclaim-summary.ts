import "#server-only";
import { listSignInMethods } from "@/lib/accounts";
import { countAllHistory } from "@/lib/generation";
import { signInMethodName } from "@/lib/notices";
import { storedApiKeyProviders } from "@/lib/users";
import { reclaimedInWords, type ReclaimedData } from "./shared";

/**
 * What `reclaimForVerifiedOwner` (reclaim.ts) is about to remove from an
 * account, read just before it runs, so the person who takes the account back
 * is told exactly what went and why: its API keys, its connected sign-in
 * providers and its saved generations. Null when there is nothing to remove.
 */
export async function whatReclaimRemoves(userId: string): Promise<ReclaimedData | null> {
  const [apiKeys, providers, savedGenerations] = await Promise.all([
    storedApiKeyProviders(userId),
    listSignInMethods(userId, { hasPassword: false }),
    countAllHistory(userId),
  ]);
  const removed = { apiKeys, connectedAccounts: providers.map(signInMethodName), savedGenerations };
  const summary = reclaimedInWords(removed);
  return summary === null ? null : { ...removed, summary };
}
