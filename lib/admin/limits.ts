import "#server-only";
import type { DataAccess } from "@/lib/access";
import { getEnv } from "@/lib/core/env";
import { HttpError } from "@/lib/http";
import { enforceRateLimit } from "@/lib/rate-limit";

/**
 * Every state-changing admin action (role, disable/enable, revoke sessions,
 * reset two-step, delete, view-as, the models list, a mail retry) counts
 * against ADMIN_ACTIONS_PER_MINUTE per admin, stored in MongoDB so the limit
 * holds across instances: a stolen admin session, or a script gone wrong,
 * cannot change hundreds of accounts a minute. Each such route calls this
 * first, so a refused action (429 with Retry-After) changes nothing, and is
 * not counted.
 */

const WINDOW_SECONDS = 60;

/** Counts one action of the admin behind `data` (withAuth's `{ role: "admin" }` guarantees one); 429 RATE_LIMITED past the limit. */
export async function limitAdminAction(data: DataAccess): Promise<void> {
  if (!data.actor || data.actor.role !== "admin") throw HttpError.forbidden();
  const rule = { limit: getEnv().ADMIN_ACTIONS_PER_MINUTE, windowSeconds: WINDOW_SECONDS };
  await enforceRateLimit(`admin-action:${data.actor.id}`, rule, "Too many admin actions in a minute: wait a moment and try again.");
}
