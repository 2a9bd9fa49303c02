import "#server-only";
import type { Types } from "mongoose";
import { authEventCutoff, lastSignInsOf } from "@/lib/audit";
import { log } from "@/lib/core/log";
import { unrefSchedule, type Schedule } from "@/lib/core/schedule";
import { linkedProvidersOf, storeLegacyUserFills, usersWithoutLinkedProviders } from "./repository";

/**
 * The admin list reads every row from `users` alone (lib/admin/users.ts): the
 * linked providers from `linkedProviders`, the last sign-in from
 * `lastSignInAt`. Users from before those fields were kept get them here,
 * once: their providers from `accounts`, and, when no sign-in was recorded on
 * them since, their last one from the audit trail (within its retention).
 *
 * Run at every server start (instrumentation.ts) rather than by a script an
 * operator must remember: it is idempotent (every write is conditional on the
 * field being still unset, and a user with `linkedProviders` is done), and
 * cheap once done (one query that finds no one: a `linkedProviders` index
 * lookup on MongoDB, a scan of `users` on FerretDB v1, once per start). Every
 * instance runs it, so a user an instance of the previous version created
 * during a rolling upgrade is filled at the next start.
 */

/** Users per round: one read of each kind and one write per round, whatever its size. */
const BATCH_SIZE = 500;

/** After a fill that failed (the database was away), the next try comes this much later, doubling up to an hour. */
const RETRY_MS = 60 * 1000;
const RETRY_MAX_MS = 60 * 60 * 1000;

/** Fills every user from before the fields, `batchSize` at a time; how many it filled (0 once done). */
export async function fillLegacyUsers({ now = new Date(), batchSize = BATCH_SIZE }: { now?: Date; batchSize?: number } = {}): Promise<number> {
  const since = authEventCutoff(now);
  let filled = 0;
  let after: Types.ObjectId | null = null;
  for (;;) {
    const users = await usersWithoutLinkedProviders(after, batchSize);
    if (users.length === 0) return filled;
    const ids = users.map((user) => user._id);
    const unrecorded = users.filter((user) => !user.lastSignInAt).map((user) => user._id);
    const [providers, signIns] = await Promise.all([linkedProvidersOf(ids), unrecorded.length > 0 ? lastSignInsOf(unrecorded, since) : new Map<string, Date>()]);
    await storeLegacyUserFills(
      users.map(({ _id }) => ({ _id, linkedProviders: providers.get(_id.toString()) ?? [], lastSignInAt: signIns.get(_id.toString()) ?? null })),
    );
    filled += users.length;
    // By id, not "whoever still lacks the field": a write that did not hold cannot make this loop forever.
    after = ids[ids.length - 1] ?? null;
  }
}

interface FillOptions {
  /** The retry timer (unref'd by default; tests fire it by hand). */
  schedule?: Schedule;
  fill?: () => Promise<number>;
}

/**
 * Fills now, and again for as long as it fails: a minute later, then twice as
 * long each time up to an hour (a fill that keeps timing out must not scan
 * `users` every minute). Returns what stops the retries.
 */
export function scheduleLegacyUserFill({ schedule = unrefSchedule, fill = () => fillLegacyUsers() }: FillOptions = {}): () => void {
  let cancel: () => void = () => undefined;
  let stopped = false;
  let failures = 0;
  const attempt = () => {
    fill()
      .then((filled) => {
        if (filled > 0) log.info("users.legacy_filled", { filled });
      })
      .catch((error: unknown) => {
        const err = error instanceof Error ? error : new Error(String(error));
        log.warn("users.legacy_fill_failed", { error: err.name, message: err.message });
        if (!stopped) cancel = schedule(attempt, Math.min(RETRY_MS * 2 ** failures, RETRY_MAX_MS));
        failures += 1;
      });
  };
  attempt();
  return () => {
    stopped = true;
    cancel();
  };
}

const thisProcess = globalThis as typeof globalThis & { keyforgeLegacyUserFillStarted?: boolean };

/** Starts the fill once per process however often it is called (dev reloads); not while `next build` loads modules. */
export function startLegacyUserFill(): void {
  if (process.env.NEXT_PHASE === "phase-production-build" || thisProcess.keyforgeLegacyUserFillStarted) return;
  thisProcess.keyforgeLegacyUserFillStarted = true;
  scheduleLegacyUserFill();
}
