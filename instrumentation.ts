/**
 * Runs once when the Next.js server starts. The configuration check lives in a
 * Node-only module so the Edge bundle never sees it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("@/lib/core/startup-check");
}
