/**
 * `npm run seed`: creates the admin (SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD)
 * and a few demo users, or finds them. Idempotent. Uses MONGODB_URI, else the
 * database a running `npm run dev` started, else starts that local database itself.
 *
 * An existing account with the admin email that is not an admin is refused
 * (exit 1) unless `npm run seed -- --promote-existing` says to promote it.
 */
import { prepareScriptDatabase, runScript } from "./lib/script-database";

const PROMOTE_EXISTING = "--promote-existing";

runScript("Seed", async () => {
  const unknown = process.argv.slice(2).filter((arg) => arg !== PROMOTE_EXISTING);
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(" ")} (the only option is ${PROMOTE_EXISTING})`);
  const promoteExisting = process.argv.includes(PROMOTE_EXISTING);
  const stopDatabase = await prepareScriptDatabase();
  const { getEnv } = await import("@/lib/core/env");
  const { disconnectFromDatabase, liftRequestTimeout } = await import("@/lib/core/db");
  liftRequestTimeout();
  const { seedUsers } = await import("@/lib/users");
  try {
    const env = getEnv();
    const lines = await seedUsers({
      adminEmail: env.SEED_ADMIN_EMAIL,
      adminPassword: env.SEED_ADMIN_PASSWORD,
      promoteExisting,
    });
    for (const line of lines) {
      const password = line.generatedPassword ? `  password: ${line.generatedPassword}  (shown once; change it after signing in)` : "";
      const note = line.outcome === "found" && line.role === "admin" ? "  (already an admin; left unchanged)" : "";
      console.log(`${line.outcome.padEnd(8)} ${line.role.padEnd(5)} ${line.email}${password}${note}`);
    }
    const created = lines.filter((line) => line.outcome !== "found").length;
    console.log(created === 0 ? "Nothing to do: every seed user already exists." : `Seeded ${created} user(s).`);
  } finally {
    await disconnectFromDatabase();
    await stopDatabase();
  }
});
