import "#server-only";
import { tagDeletedAccountsEvents } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { discardWhatWasSetUp } from "@/lib/email-flows";
import { deleteEveryEmailTokenOf } from "@/lib/email-tokens";
import { deliverMail, mailTemplates } from "@/lib/mail";
import { revokeAllDeviceSessions } from "@/lib/sessions";
import { findMarkedDeletions, removeMarkedUser, type AccountDeletion } from "@/lib/users";

/**
 * The remove phase of a deletion. Every step is idempotent and keyed by the
 * marked account's id (and the address its mark keeps), so after a crash at
 * any point `finishPendingDeletions` runs the whole phase again and finishes
 * what is left. The user document goes last: while it is there, the mark
 * says what is left to do, and the account (disabled, without an address)
 * cannot sign in.
 */

/** A step a test makes fail once, to show a crash half-way is finished later. */
type Step = "remove data" | "mail" | "remove user";
let failNext: Step | null = null;

/** For tests only: the next run of `step` throws once, as a crash there would stop the deletion. */
export function failNextDeletionStep(step: Step | null): void {
  failNext = step;
}

function crashPoint(step: Step): void {
  if (failNext !== step) return;
  failNext = null;
  throw new Error(`injected failure at ${step}`);
}

/** Runs the remove phase for one marked account. */
export async function removeMarkedAccount(userId: string, deletion: AccountDeletion): Promise<void> {
  const email = deletion.email ?? null;
  // Sessions first (the mark's sessionVersion bump already ended their tokens), then what was set up.
  await revokeAllDeviceSessions(userId);
  await Promise.all([
    discardWhatWasSetUp(userId),
    deleteEveryEmailTokenOf(userId, email),
    // Rate-limit attempts that name the account or its address stay until their window ends (an hour at
    // most): forgetting them would let a deletion reset a lockout, or the address's mail limit.
    ...(email ? [tagDeletedAccountsEvents(userId, email)] : []),
  ]);
  crashPoint("remove data");
  if (email) {
    crashPoint("mail");
    const env = getEnv();
    // Sent again by the retry after a crash before the user document goes; once in the
    // outbox (MongoDB), a mail the server was slow to accept is retried by any instance.
    await deliverMail(
      mailTemplates.accountDeleted(
        { email, verified: false },
        { byAdmin: deletion.by === "admin", usageDays: env.USAGE_RETENTION_DAYS, auditDays: env.AUTH_EVENT_RETENTION_DAYS },
      ),
    );
  }
  crashPoint("remove user");
  await removeMarkedUser(userId);
  log.info("account.deleted", { userId, by: deletion.by });
}

/** Runs the remove phase again for every account still marked; how many it finished. One failing is logged and left for the next run. */
export async function finishMarkedDeletions(): Promise<number> {
  let finished = 0;
  for (const { id, deletion } of await findMarkedDeletions()) {
    try {
      await removeMarkedAccount(id, deletion);
      finished += 1;
    } catch (error) {
      log.error("account.deletion_failed", error, { userId: id });
    }
  }
  return finished;
}
