import "#server-only";
import type { Role } from "@/lib/access/shared";
import { BackgroundTasks } from "@/lib/core/background";
import { retryWhileDatabaseUnavailable } from "@/lib/core/db";
import { onShutdown } from "@/lib/core/lifecycle";
import { getEnv, type Env } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import type { RequestContext } from "@/lib/http";
import type { OAuthProviderId, SignInMethod } from "@/lib/accounts/shared";
import type { ApiKeyProvider } from "@/lib/vault/shared";
import { hashEmail } from "./email-hash";
import { deleteAuthEventsBefore, insertAuthEvent, type NewAuthEvent } from "./repository";
import type { AuthEventDetail, LockoutScope, SecondFactor, SigninFailureReason } from "./shared";

/** Where the event came from and which device acted. */
export interface AuthEventOrigin {
  /** The request's IP and User-Agent: `requestContextOf(req)` in a route, `currentRequestContext()` inside NextAuth. */
  context: RequestContext;
  /** The device session that acted (`session.deviceSessionId`, or the one just created at sign-in); marks "this device". */
  deviceSessionId?: string;
}

/** Whose account: its id, or, when no account matched, the email as typed (stored only as a keyed hash). */
type Account = { userId: string } | { email: string };

/** What `recordAuthEvent` takes: the type, and what that type needs. The compiler refuses anything else. */
type AuthEventInput = AuthEventOrigin &
  (
    | { type: "signin.succeeded"; userId: string; method?: SignInMethod; factor?: SecondFactor }
    | { type: "signup"; userId: string; method?: SignInMethod }
    | {
        type: "two_factor.enabled" | "two_factor.disabled" | "two_factor.recovery_codes_regenerated" | "two_factor.recovery_code_used" | "two_factor.locked";
        userId: string;
      }
    | { type: "two_factor.failed"; userId: string; factor: SecondFactor }
    | { type: "passkey.added" | "passkey.removed" | "passkey.used"; userId: string }
    | { type: "account.deleted" | "account.exported"; userId: string }
    /** An admin changed the allow-list of models (the admin's own trail: it is no one account's). */
    | { type: "admin.models_changed"; userId: string }
    | {
        type:
          | "signout"
          | "password.changed"
          | "password.reset_requested"
          | "password.reset"
          | "email.verified"
          | "email.change_requested"
          | "email.changed"
          | "email.change_reverted";
        userId: string;
      }
    | { type: "account.linked" | "account.unlinked"; userId: string; method: OAuthProviderId }
    | { type: "account.reclaimed"; userId: string; method: SignInMethod }
    | ({ type: "signin.failed"; reason: SigninFailureReason } & Account)
    | ({ type: "lockout"; scope: LockoutScope } & Account)
    | { type: "session.revoked"; userId: string; scope: "device" }
    | { type: "session.revoked"; userId: string; scope: "others"; count: number }
    | { type: "vault.key_added" | "vault.key_replaced" | "vault.key_removed"; userId: string; provider: ApiKeyProvider }
  );

/** An admin's action on an account: recorded in the admin's trail and in the account's. */
type AdminActionInput = AuthEventOrigin & {
  adminId: string;
  subjectId: string;
} & (
    | { type: "admin.role_changed"; role: Role }
    /** `note`: the admin's reason, kept in both trails for whoever looks into it later. */
    | { type: "admin.two_factor_reset" | "admin.user_deleted"; note: string }
    | { type: "admin.user_disabled" | "admin.user_enabled" | "admin.sessions_revoked" | "impersonation.started" | "impersonation.stopped" }
  );

const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest moment an event may be from and still count (AUTH_EVENT_RETENTION_DAYS before `now`). */
export function authEventCutoff(now = new Date(), env: Env = getEnv()): Date {
  return new Date(now.getTime() - env.AUTH_EVENT_RETENTION_DAYS * DAY_MS);
}

/** Only the detail fields this type has; nothing else from the input is stored. */
function detailOf(event: AuthEventInput): AuthEventDetail | undefined {
  switch (event.type) {
    case "signin.failed":
      return { reason: event.reason };
    case "lockout":
      return { scope: event.scope };
    case "session.revoked":
      return event.scope === "others" ? { scope: event.scope, count: event.count } : { scope: event.scope };
    case "vault.key_added":
    case "vault.key_replaced":
    case "vault.key_removed":
      return { provider: event.provider };
    case "signin.succeeded":
      return event.method || event.factor ? { ...(event.method ? { method: event.method } : {}), ...(event.factor ? { factor: event.factor } : {}) } : undefined;
    case "signup":
      return event.method ? { method: event.method } : undefined;
    case "two_factor.failed":
      return { factor: event.factor };
    case "account.linked":
    case "account.unlinked":
    case "account.reclaimed":
      return { method: event.method };
    default:
      return undefined;
  }
}

function toDocument(event: AuthEventInput, at: Date): NewAuthEvent {
  const userId = "userId" in event ? event.userId : undefined;
  const email = !userId && "email" in event ? event.email : undefined;
  return {
    type: event.type,
    at,
    ip: event.context.ip,
    userAgent: event.context.userAgent.slice(0, 512),
    ...(userId ? { userId } : {}),
    ...(email !== undefined ? { emailHash: hashEmail(email) } : {}),
    ...(event.deviceSessionId ? { deviceSessionId: event.deviceSessionId } : {}),
    ...(detailOf(event) ? { detail: detailOf(event) } : {}),
  };
}

/**
 * Deletes events past the retention period; how many went. The retention job
 * (lib/retention) calls it every hour; reads ignore older events anyway.
 */
export async function sweepExpiredAuthEvents(now = new Date(), env: Env = getEnv()): Promise<number> {
  return deleteAuthEventsBefore(authEventCutoff(now, env));
}

function warn(event: string, error: unknown, fields: Record<string, string> = {}): void {
  const err = error instanceof Error ? error : new Error(String(error));
  log.warn(event, { ...fields, error: err.name, message: err.message });
}

/** Written before the request answers, so a brief database outage delays the event rather than losing it (an insert retried after a timeout may rarely leave two). */
async function writeAuthEvents(documents: (now: Date) => NewAuthEvent[]): Promise<void> {
  const written = documents(new Date());
  await Promise.all(written.map((document) => retryWhileDatabaseUnavailable(() => insertAuthEvent(document))));
}

/** Writes not finished yet, so tests (and a graceful shutdown) can wait for them. */
const writes = new BackgroundTasks();

/**
 * Records one event in the audit trail. Never throws and never rejects: a
 * failed write is logged (`audit.write_failed`) and the request goes on.
 * Callers await it before they answer: `await recordAuthEvent({...})`.
 */
export function recordAuthEvent(event: AuthEventInput): Promise<void> {
  return writes.run(
    () => writeAuthEvents((now) => [toDocument(event, now)]),
    (error) => warn("audit.write_failed", error, { type: event.type }),
  );
}

/** The two sides of an admin's action, each with the other account's id. */
function adminActionDocuments(event: AdminActionInput, now: Date): NewAuthEvent[] {
  const facts = event.type === "admin.role_changed" ? { role: event.role } : event.type === "admin.two_factor_reset" || event.type === "admin.user_deleted" ? { note: event.note } : {};
  const base = {
    type: event.type,
    at: now,
    ip: event.context.ip,
    userAgent: event.context.userAgent.slice(0, 512),
    ...(event.deviceSessionId ? { deviceSessionId: event.deviceSessionId } : {}),
  };
  return [
    { ...base, userId: event.adminId, detail: { side: "actor", counterpartId: event.subjectId, ...facts } },
    { ...base, userId: event.subjectId, detail: { side: "subject", counterpartId: event.adminId, ...facts } },
  ];
}

/**
 * Records an admin's action in both accounts' trails (the admin's, and the
 * account's it was done to). Like `recordAuthEvent`, never throws.
 */
export function recordAdminAction(event: AdminActionInput): Promise<void> {
  return writes.run(
    () => writeAuthEvents((now) => adminActionDocuments(event, now)),
    (error) => warn("audit.write_failed", error, { type: event.type }),
  );
}

/** Resolves once every event recorded so far is written (or its failure logged). */
export function flushAuthEvents(): Promise<void> {
  return writes.settled();
}

onShutdown("audit", flushAuthEvents);
