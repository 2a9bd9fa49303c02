/**
 * Runs once when the Next.js server starts. The configuration check and the
 * retention job's timer live in Node-only modules so the Edge bundle never sees them.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("@/lib/core/startup-check");
  const { startRetentionSchedule } = await import("@/lib/retention");
  startRetentionSchedule();
}
