import "#server-only";
import { finishPendingDeletions } from "@/lib/account-deletion";
import { sweepExpiredAuthEvents } from "@/lib/audit";
import { collections } from "@/lib/core/collections";
import type { Env } from "@/lib/core/env";
import { deleteExpiredEmailTokens } from "@/lib/email-tokens";
import { deleteOldOutboxMetadata } from "@/lib/mail";
import { deleteUsageRecordsBefore } from "@/lib/generation";
import { deleteExpiredChallenges } from "@/lib/passkeys";
import { deleteExpiredAttempts } from "@/lib/rate-limit";
import { deleteExpiredDeviceSessions } from "@/lib/sessions";
import { deleteExpiredPendingSignIns } from "@/lib/two-factor";

/**
 * Every retention rule, in one table: what goes, after how long, and who
 * else deletes it. docs/operations.md has the same table for operators.
 *
 * Documents that carry their own end (`expires`, `expiresAt`, written at
 * insert) also have a TTL index (`expireAfterSeconds: 0`) where the server
 * has one (MongoDB); the job deletes them anyway, as FerretDB has none. The
 * two periods an operator sets (AUTH_EVENT_RETENTION_DAYS,
 * USAGE_RETENTION_DAYS) have no TTL index: its seconds are fixed when it is
 * built and would drift from the variable, so the job alone applies them, on
 * every server. Reads never rely on either: each checks the expiry itself.
 * Every rule is a plain delete by a date, so running one twice, or on two
 * instances at once, deletes nothing more.
 */
export interface RetentionRule {
  /** The name in the job's log line. */
  name: string;
  collection: string;
  /** Whether a TTL index deletes these too where the server supports one. */
  ttlIndex: boolean;
  /** Deletes (or finishes) what is due at `now`; how many. */
  apply(now: Date, env: Env): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const RETENTION_RULES: readonly RetentionRule[] = [
  // Email links and codes, next-auth's sign-in links included: past `expires`.
  { name: "emailTokens", collection: collections.verificationTokens, ttlIndex: true, apply: (now) => deleteExpiredEmailTokens(now) },
  // A sign-in waiting for its second step: past `expiresAt` (10 minutes).
  { name: "pendingSignIns", collection: collections.pendingSignIns, ttlIndex: true, apply: (now) => deleteExpiredPendingSignIns(now) },
  // A passkey ceremony's challenge: past `expiresAt` (5 minutes).
  { name: "webauthnChallenges", collection: collections.webauthnChallenges, ttlIndex: true, apply: (now) => deleteExpiredChallenges(now) },
  // Rate-limit attempts, locks and once-claims: past `expiresAt` (their window).
  { name: "rateLimits", collection: collections.rateLimits, ttlIndex: true, apply: (now) => deleteExpiredAttempts(now) },
  // Device sessions: past `expires` (SESSION_MAX_AGE idle, SESSION_ABSOLUTE_MAX_AGE at most).
  { name: "sessions", collection: collections.sessions, ttlIndex: true, apply: (now) => deleteExpiredDeviceSessions(now) },
  // The audit trail: older than AUTH_EVENT_RETENTION_DAYS, a deleted account's events included.
  { name: "authEvents", collection: collections.authEvents, ttlIndex: false, apply: (now, env) => sweepExpiredAuthEvents(now, env) },
  // Usage records (generations without text): older than USAGE_RETENTION_DAYS.
  {
    name: "usageRecords",
    collection: collections.generations,
    ttlIndex: false,
    apply: (now, env) => deleteUsageRecordsBefore(new Date(now.getTime() - env.USAGE_RETENTION_DAYS * DAY_MS)),
  },
  // The outbox's metadata (no body is kept past delivery or death): sent mails after 7 days, dead ones after 30.
  { name: "outbox", collection: collections.outbox, ttlIndex: false, apply: (now) => deleteOldOutboxMetadata(now) },
  // Account deletions a crash interrupted: finished (lib/account-deletion).
  { name: "pendingDeletions", collection: collections.users, ttlIndex: false, apply: () => finishPendingDeletions() },
];
