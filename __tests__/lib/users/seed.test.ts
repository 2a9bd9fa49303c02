import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { seedUsers, DEMO_USERS } from "@/lib/users";
import { CookieJar, getSession, signIn } from "../../helpers/auth";
import { createTestUser, usersCollection } from "../../helpers/users";

const run = promisify(execFile);

describe("seedUsers", () => {
  it("creates the admin and demo users once; a second run changes nothing", async () => {
    const first = await seedUsers({ adminEmail: "Root@Example.com" });
    expect(first.map((line) => [line.email, line.role, line.outcome])).toEqual([
      ["root@example.com", "admin", "created"],
      ...DEMO_USERS.map((demo) => [demo.email, "user", "created"]),
    ]);
    const users = await usersCollection();
    const snapshot = await users.find({}).sort({ email: 1 }).toArray();
    expect(snapshot.every((user) => /^\$2[aby]\$/.test(user.passwordHash))).toBe(true);

    const second = await seedUsers({ adminEmail: "root@example.com" });
    expect(second.every((line) => line.outcome === "found" && !line.generatedPassword)).toBe(true);
    expect(await users.find({}).sort({ email: 1 }).toArray()).toEqual(snapshot);
  });

  it("prints a generated admin password that really signs in, as an admin", async () => {
    const [admin] = await seedUsers({ adminEmail: "boss@example.com" });
    expect(admin?.generatedPassword).toMatch(/^[\w-]{20,}$/);
    const jar = new CookieJar();
    await signIn(jar, { email: "boss@example.com", password: admin!.generatedPassword! });
    expect((await getSession(jar))?.user.role).toBe("admin");
  });

  it("uses SEED_ADMIN_PASSWORD when given, refusing a weak one", async () => {
    await expect(seedUsers({ adminEmail: "weak@example.com", adminPassword: "password123" })).rejects.toThrow(/common/);
    const [admin] = await seedUsers({ adminEmail: "chosen@example.com", adminPassword: "Chosen-Admin-Passphrase-7" });
    expect(admin).toMatchObject({ outcome: "created" });
    expect(admin?.generatedPassword).toBeUndefined();
  });

  it("promotes an existing account named as the admin instead of duplicating it", async () => {
    const existing = await createTestUser({ email: "promote@example.com" });
    const [admin] = await seedUsers({ adminEmail: "promote@example.com" });
    expect(admin?.outcome).toBe("promoted");
    expect((await (await usersCollection()).findOne({ _id: existing._id }))?.role).toBe("admin");
  });
});

describe("npm run seed", () => {
  it("runs as a script against MONGODB_URI, twice, printing what it did", async () => {
    const env = { ...process.env, SEED_ADMIN_EMAIL: "cli-admin@example.com", NODE_ENV: "development" as const };
    const first = await run("npx", ["tsx", "scripts/seed.ts"], { env });
    expect(first.stdout).toMatch(/created\s+admin cli-admin@example\.com\s+password: \S+/);
    const second = await run("npx", ["tsx", "scripts/seed.ts"], { env });
    expect(second.stdout).toContain("Nothing to do: every seed user already exists.");
    expect(await (await usersCollection()).countDocuments({ email: "cli-admin@example.com", role: "admin" })).toBe(1);
  }, 60_000);
});
