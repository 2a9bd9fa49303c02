import "#server-only";
import type { Session } from "next-auth";
import { forUser, type DataAccess } from "./door";
import type { Actor } from "./shared";

/**
 * Access policies: who may read and change which documents, declared next to
 * each model (models/*.policy.ts) and enforced by the one data door,
 * `forUser`, that every route serving a person's data goes through.
 */
export { forUser, type DataAccess, type Readable } from "./door";
export { POLICIES } from "./policies";

/** The actor a session stands for: the signed-in user, and the admin behind them while one views the product as them. */
function actorOf(session: Session | null): Actor {
  if (!session) return null;
  const impersonatedBy = session.impersonator?.id;
  return { id: session.user.id, role: session.user.role, ...(impersonatedBy ? { impersonatedBy } : {}) };
}

/** The data door for the person a session belongs to. */
export function forSession(session: Session | null): DataAccess {
  return forUser(actorOf(session));
}
