import "#server-only";
import { deleteAllAccountLinks, listSignInMethods } from "@/lib/accounts";
import { discardAvatar } from "@/lib/avatars";
import type { SignInMethod } from "@/lib/accounts/shared";
import { recordAuthEvent } from "@/lib/audit";
import { log } from "@/lib/core/log";
import { deleteAllHistory } from "@/lib/generation";
import { signInMethodName } from "@/lib/notices";
import type { RequestContext } from "@/lib/http";
import { removeAllPasskeysOf } from "@/lib/passkeys";
import { removeTotp } from "@/lib/two-factor";
import { discardVault } from "@/lib/users";
import type { ReclaimedData } from "./shared";

/** What discardWhatWasSetUp removed. */
interface Discarded {
  apiKeys: ReclaimedData["apiKeys"];
  links: number;
  savedGenerations: number;
  profilePicture: boolean;
}

/**
 * Removes what a person sets up on an account: the vault, the connected
 * providers, the history's text (the usage records stay), an uploaded
 * picture, the authenticator app with its recovery codes and pending second
 * steps, and the passkeys. Each step is idempotent, so a repeat after a crash
 * finishes what is left. Serves the reclaim below and deleting an account
 * (lib/account-deletion).
 */
export async function discardWhatWasSetUp(userId: string): Promise<Discarded> {
  const [apiKeys, links, savedGenerations, profilePicture] = await Promise.all([
    discardVault(userId),
    deleteAllAccountLinks(userId),
    deleteAllHistory(userId),
    discardAvatar(userId),
    // A second factor they set up would lock the owner out (or let its holder back in).
    removeTotp(userId),
    removeAllPasskeysOf(userId),
  ]);
  return { apiKeys, links, savedGenerations, profilePicture };
}

/**
 * The reclaim rule, the one home for every flow that hands an account to the
 * proven holder of its address: a password reset or "This wasn't me" (the
 * mailbox), or a provider's verified sign-in (lib/auth/linking.ts). An
 * account whose address was never verified may have been set up by someone
 * who does not own that address, so what was set up before goes: the
 * connected providers (a way back in), the vault (a planted key would send
 * the owner's prompts to its holder), the history, an uploaded picture, and
 * any second factor (an authenticator app, passkeys). Each caller ends the
 * password and the sessions as its flow does, and tells the owner what went
 * (the answer: ReclaimedData, `reclaimedInWords` in ./shared.ts says it).
 * Since sign-up asks for the address to be verified before keys are stored
 * or code generated, only accounts set up before that rule have keys to lose.
 */
export async function reclaimForVerifiedOwner(
  userId: string,
  { method, context }: { method: SignInMethod; context: RequestContext },
): Promise<ReclaimedData> {
  // Named before they go, so the owner is told which providers could sign in.
  const providers = await listSignInMethods(userId, { hasPassword: false });
  const { apiKeys, links, savedGenerations, profilePicture } = await discardWhatWasSetUp(userId);
  log.warn("account.reclaimed", { userId, method, links, history: savedGenerations, keys: apiKeys.length });
  await recordAuthEvent({ type: "account.reclaimed", userId, method, context });
  return { apiKeys, connectedAccounts: providers.map(signInMethodName), savedGenerations, profilePicture };
}
