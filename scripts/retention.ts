/**
 * `npm run retention`: applies every retention rule once, now (lib/retention),
 * as the running servers do hourly; prints each rule's count. Exits non-zero
 * if a rule failed. It runs even if a server already ran this hour (the
 * deletes are idempotent, so running beside a server is safe).
 */
import { prepareScriptDatabase, runScript } from "./lib/script-database";

runScript("Retention", async () => {
  const stopDatabase = await prepareScriptDatabase();
  const { disconnectFromDatabase, liftRequestTimeout } = await import("@/lib/core/db");
  liftRequestTimeout();
  const { runRetention } = await import("@/lib/retention");
  try {
    const run = await runRetention({ unclaimed: true });
    if (!run.ran) throw new Error("An unclaimed run always runs");
    for (const [rule, count] of Object.entries(run.counts)) console.log(`${rule}: ${count === null ? "failed (see the log)" : count}`);
    if (Object.values(run.counts).includes(null)) throw new Error("Some retention rules failed");
  } finally {
    await disconnectFromDatabase();
    await stopDatabase();
  }
});
