import "#server-only";

/**
 * The retention job: every rule that deletes what is kept no longer (expired
 * links, challenges and attempts, old audit events and usage records) and
 * finishes interrupted account deletions, in one table (./rules.ts), run
 * hourly by one instance at a time. Started at server start
 * (instrumentation.ts); `npm run retention` runs it once by hand.
 */
export { runRetention, type RetentionRun } from "./run";
export { scheduleRetention, startRetentionSchedule } from "./schedule";
