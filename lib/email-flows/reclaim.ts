import "#server-only";
import { deleteAllAccountLinks } from "@/lib/accounts";
import { recordAuthEvent } from "@/lib/audit";
import { log } from "@/lib/core/log";
import { deleteAllHistory } from "@/lib/generation";
import type { RequestContext } from "@/lib/http";
import { discardVault } from "@/lib/users";

/**
 * The reclaim rule of the emailed links: an account whose address was never
 * verified may have been set up by someone who does not own that address.
 * When the mailbox's holder takes the account (a password reset, or "This
 * wasn't me"), what was set up before goes: the connected providers (a way
 * back in), the vault (a planted key would send the owner's prompts to its
 * holder) and the history. Each caller ends the password and the sessions as
 * its flow does. (A provider's verified sign-in applies the same rule in
 * lib/auth/linking.ts.)
 */
export async function reclaimForMailbox(userId: string, context: RequestContext): Promise<void> {
  const [, links, history] = await Promise.all([discardVault(userId), deleteAllAccountLinks(userId), deleteAllHistory(userId)]);
  log.warn("account.reclaimed", { userId, links, history });
  // "password": the holder comes back in with a password the emailed link sets.
  void recordAuthEvent({ type: "account.reclaimed", userId, method: "password", context });
}
