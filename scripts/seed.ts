/**
 * `npm run seed`: creates the admin (SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD)
 * and a few demo users, or finds them. Idempotent. Uses MONGODB_URI, else the
 * database a running `npm run dev` started, else starts that local database itself.
 */
import { prepareScriptDatabase, runScript } from "./lib/script-database";

runScript("Seed", async () => {
  const stopDatabase = await prepareScriptDatabase();
  const { getEnv } = await import("@/lib/core/env");
  const { disconnectFromDatabase } = await import("@/lib/core/db");
  const { seedUsers } = await import("@/lib/users");
  try {
    const env = getEnv();
    const lines = await seedUsers({ adminEmail: env.SEED_ADMIN_EMAIL, adminPassword: env.SEED_ADMIN_PASSWORD });
    for (const line of lines) {
      const password = line.generatedPassword ? `  password: ${line.generatedPassword}  (shown once; change it after signing in)` : "";
      console.log(`${line.outcome.padEnd(8)} ${line.role.padEnd(5)} ${line.email}${password}`);
    }
    const created = lines.filter((line) => line.outcome !== "found").length;
    console.log(created === 0 ? "Nothing to do: every seed user already exists." : `Seeded ${created} user(s).`);
  } finally {
    await disconnectFromDatabase();
    await stopDatabase();
  }
});
