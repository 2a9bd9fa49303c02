import "#server-only";
import { finishPendingDeletions } from "@/lib/account-deletion";
import { log } from "@/lib/core/log";
import { unrefSchedule, type Schedule } from "@/lib/core/schedule";
import { RETENTION_INTERVAL_MS, runRetention, type RetentionRun } from "./run";

/** The first run comes this soon after start, so a deletion a crash interrupted is finished soon after the restart. */
const FIRST_RUN_DELAY_MS = 60 * 1000;

interface ScheduleOptions {
  /** The timer (unref'd by default, so it never keeps a process alive; tests fire it by hand). */
  schedule?: Schedule;
  /** One run (tests count the calls or make one fail). */
  run?: () => Promise<RetentionRun>;
  /** What the first run also does, outside the slot's lease (tests count it). */
  atStart?: () => Promise<unknown>;
}

function logFailure(error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  log.warn("retention.failed", { error: err.name, message: err.message });
}

/**
 * Runs the retention job a minute after start, then every RETENTION_INTERVAL_MS.
 * Every instance keeps this timer; the job's lease lets one run per slot. The
 * first run also finishes interrupted account deletions outside the lease: a
 * restarted instance must not leave them for the next slot because another
 * instance already ran this one (finishing is idempotent). A run that fails
 * (the database is away) is logged and the next one tries again. Returns what
 * stops it.
 */
export function scheduleRetention({
  schedule = unrefSchedule,
  run = () => runRetention(),
  atStart = () => finishPendingDeletions(),
}: ScheduleOptions = {}): () => void {
  let cancel: () => void = () => undefined;
  let stopped = false;
  let first = true;
  const next = (ms: number) => {
    cancel = schedule(() => {
      const startWork = first ? atStart().catch(logFailure) : Promise.resolve();
      first = false;
      void startWork
        .then(run)
        .catch(logFailure)
        .finally(() => {
          if (!stopped) next(RETENTION_INTERVAL_MS);
        });
    }, ms);
  };
  next(FIRST_RUN_DELAY_MS);
  return () => {
    stopped = true;
    cancel();
  };
}

const thisProcess = globalThis as typeof globalThis & { keyforgeRetentionScheduled?: boolean };

/**
 * Starts this process's retention timer, once per process however often it
 * is called (dev reloads): instrumentation.ts calls it at server start. Not
 * while `next build` loads modules.
 */
export function startRetentionSchedule(): void {
  if (process.env.NEXT_PHASE === "phase-production-build" || thisProcess.keyforgeRetentionScheduled) return;
  thisProcess.keyforgeRetentionScheduled = true;
  scheduleRetention();
}
