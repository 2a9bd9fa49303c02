import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import { withAuth, type Authenticated } from "@/lib/auth";
import { getEnv } from "@/lib/core/env";
import type { MethodHandler, Reply } from "@/lib/http";
import { enforceRateLimit } from "@/lib/rate-limit";

/**
 * Every state-changing admin action (role, disable/enable, revoke sessions,
 * reset two-step, delete, view-as, the models list, a mail retry) counts
 * against ADMIN_ACTIONS_PER_MINUTE per admin, stored in MongoDB so the limit
 * holds across instances: a stolen admin session, or a script gone wrong,
 * cannot change hundreds of accounts a minute. A refused action is 429 with
 * Retry-After before the handler runs, so it changes nothing (and is not
 * counted).
 */

const WINDOW_SECONDS = 60;

/** The limit's key: per admin, by id. */
export const adminActionKey = (adminId: string) => `admin-action:${adminId}`;

/** Counts one action of `adminId`; 429 RATE_LIMITED with Retry-After past the limit. */
export async function limitAdminAction(adminId: string): Promise<void> {
  const rule = { limit: getEnv().ADMIN_ACTIONS_PER_MINUTE, windowSeconds: WINDOW_SECONDS };
  await enforceRateLimit(adminActionKey(adminId), rule, "Too many admin actions in a minute: wait a moment and try again.");
}

/** withAuth for admins, plus the action limit: the guard of every admin route that changes something. */
export function adminAction<Answer extends Reply>(
  handler: (req: NextApiRequest, res: NextApiResponse, auth: Authenticated) => Promise<Answer> | Answer,
): MethodHandler<Answer> {
  return withAuth(
    async (req, res, auth) => {
      await limitAdminAction(auth.session.user.id);
      return handler(req, res, auth);
    },
    { role: "admin" },
  );
}
