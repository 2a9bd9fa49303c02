import "#server-only";
import { finishMarkedDeletions } from "./remove";

/**
 * Deleting an account (the person's own "Delete account", or an admin's):
 * marked first, so it can no longer sign in, then removed piece by piece;
 * a deletion a crash interrupted is finished by the retention job.
 * What goes and what is kept: docs/accounts.md ("Deleting an account").
 */
export { deleteOwnAccount, deleteUserAsAdmin } from "./request";

/**
 * Finishes deletions that were marked but not completed (a crash half-way);
 * how many were finished. Safe on several instances at once: every step is
 * idempotent (the last mail may then go twice).
 */
export const finishPendingDeletions = (): Promise<number> => finishMarkedDeletions();
