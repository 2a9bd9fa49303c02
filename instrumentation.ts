/**
 * Runs once when the Next.js server starts. The configuration check, the
 * retention job's timer, the outbox's worker and the fill of users from
 * before the admin list's fields (lib/accounts/legacy-users.ts) live in
 * Node-only modules so the Edge bundle never sees them. The email flows are
 * loaded first: they register the mail jobs the worker may find queued by
 * another instance.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("@/lib/core/startup-check");
  const { startRetentionSchedule } = await import("@/lib/retention");
  startRetentionSchedule();
  await import("@/lib/email-flows");
  const { startOutboxWorker } = await import("@/lib/mail");
  startOutboxWorker();
  const { startLegacyUserFill } = await import("@/lib/accounts");
  startLegacyUserFill();
}
