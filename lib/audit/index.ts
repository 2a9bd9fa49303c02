import "#server-only";

/**
 * The audit trail (ASVS V7): security events per account, kept AUTH_EVENT_RETENTION_DAYS.
 *
 * Writing: `recordAuthEvent(event)`, awaited before the request answers, so an
 * answered request's event is in the database whatever happens to the process
 * next (docs/operations.md, "What is durable"):
 *
 *   await recordAuthEvent({ type: "signin.failed", reason: "bad_password", userId, context: currentRequestContext() });
 *   await recordAuthEvent({ type: "signin.failed", reason: "unknown_account", email, context });  // stored as a keyed hash
 *   await recordAuthEvent({ type: "signin.succeeded", userId, deviceSessionId, context });
 *   await recordAuthEvent({ type: "password.changed", userId, deviceSessionId, context });
 *
 * `event.type` picks which fields are required (see `AuthEventInput` in ./record.ts); the
 * vocabulary is in ./shared.ts. It never throws and its promise never rejects
 * (a failed write is logged), so a broken audit log cannot fail a sign-in.
 * Tests wait for pending writes with `flushAuthEvents()`; so does a stopping server.
 *
 * Reading: `listAuthEvents(data)`, a signed-in person's own events through
 * the data door (lib/access); `lastSignInsOf(ids, since)`, for the one-time
 * fill of users from before `lastSignInAt` (lib/accounts/legacy-users.ts).
 *
 * This feature imports no other feature's server code (users, sessions and
 * vault call it) but the data door's type, only lib/core, lib/http and shared modules.
 */
export { tagDeletedAccountsEvents } from "./deleted-accounts";
export { hashEmail } from "./email-hash";
export { authEventCutoff, flushAuthEvents, recordAdminAction, recordAuthEvent, sweepExpiredAuthEvents, type AuthEventOrigin } from "./record";
export { lastSignInsOf } from "./repository";
export { authEventView, listAuthEvents } from "./views";
