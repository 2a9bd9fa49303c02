/**
 * `npm run migrate-emails`: stores every account's email in today's spelling
 * (the domain in punycode), so an account stored with a Unicode domain before
 * that change can still sign in. Run once after upgrading; safe to re-run.
 * Exits non-zero when an account's new spelling belongs to another account
 * (each is named, and left for a person to settle).
 */
import { prepareScriptDatabase, runScript } from "./lib/script-database";

runScript("Email respelling", async () => {
  const stopDatabase = await prepareScriptDatabase();
  const { disconnectFromDatabase, liftRequestTimeout } = await import("@/lib/core/db");
  liftRequestTimeout();
  const { respellStoredEmails } = await import("@/lib/users");
  try {
    const { respelled, conflicts } = await respellStoredEmails();
    console.log(`Respelled ${respelled} email(s).`);
    if (conflicts.length > 0) {
      throw new Error(`${conflicts.length} account(s) left as they are, another account has the new spelling: ${conflicts.join(", ")}`);
    }
  } finally {
    await disconnectFromDatabase();
    await stopDatabase();
  }
});
