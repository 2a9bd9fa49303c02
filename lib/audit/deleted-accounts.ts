import "#server-only";
import { hashEmail } from "./email-hash";
import { flushAuthEvents } from "./record";
import { hashDeletedUsersEvents } from "./repository";

/**
 * Tags a deleted account's events (its own, and its side of admins' actions)
 * with the keyed hash of the address it had, once every event recorded so far
 * is written (the deletion's own event among them). How many it tagged now.
 */
export async function tagDeletedAccountsEvents(userId: string, email: string): Promise<number> {
  await flushAuthEvents();
  return hashDeletedUsersEvents(userId, hashEmail(email));
}
