import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { seedUsers, DEMO_USERS } from "@/lib/users";
import { CookieJar, getSession, signIn, signUp } from "../../helpers/auth";
import { createTestUser, GOOD_PASSWORD, usersCollection } from "../../helpers/users";

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

  it("never promotes an account it did not create: it refuses and changes nothing", async () => {
    const stranger = await createTestUser({ email: "taken@example.com" });
    const users = await usersCollection();
    const before = await users.find({}).toArray();
    await expect(seedUsers({ adminEmail: "Taken@Example.com" })).rejects.toThrow(
      "taken@example.com belongs to an existing account that is not an admin; the seed does not promote accounts it did not create. " +
        "If that account is yours, run: npm run seed -- --promote-existing",
    );
    expect(await users.find({}).toArray()).toEqual(before);
    expect((await users.findOne({ _id: stranger._id }))?.role).toBe("user");
  });

  it("promotes an existing account only when the operator says so", async () => {
    const existing = await createTestUser({ email: "promote@example.com" });
    const [admin] = await seedUsers({ adminEmail: "promote@example.com", promoteExisting: true });
    expect(admin).toMatchObject({ outcome: "promoted", role: "admin" });
    expect((await (await usersCollection()).findOne({ _id: existing._id }))?.role).toBe("admin");
  });

  it("leaves an existing admin alone and says so", async () => {
    await createTestUser({ email: "already@example.com", role: "admin" });
    const users = await usersCollection();
    const before = await users.findOne({ email: "already@example.com" });
    const [admin] = await seedUsers({ adminEmail: "already@example.com", adminPassword: "Another-Admin-Passphrase-9" });
    expect(admin).toMatchObject({ outcome: "found", role: "admin" });
    expect(await users.findOne({ email: "already@example.com" })).toEqual(before);
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

  it("refuses, exit 1 and one line, when a stranger signed up with the admin email first; --promote-existing overrides", async () => {
    expect((await signUp({ name: "Stranger", email: "early-bird@example.com", password: GOOD_PASSWORD })).status).toBe(201);
    const env = { ...process.env, SEED_ADMIN_EMAIL: "early-bird@example.com", NODE_ENV: "development" as const };
    const users = await usersCollection();
    const before = await users.find({}).toArray();
    const refused = await run("npx", ["tsx", "scripts/seed.ts"], { env }).then(
      () => { throw new Error("the seed did not refuse"); },
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n").at(-1)).toBe(
      "Seed failed: early-bird@example.com belongs to an existing account that is not an admin; the seed does not promote accounts it did not create. " +
        "If that account is yours, run: npm run seed -- --promote-existing",
    );
    expect(await users.find({}).toArray()).toEqual(before);
    expect((await users.findOne({ email: "early-bird@example.com" }))?.role).toBe("user");

    const promoted = await run("npx", ["tsx", "scripts/seed.ts", "--promote-existing"], { env });
    expect(promoted.stdout).toMatch(/promoted admin early-bird@example\.com/);
    expect((await users.findOne({ email: "early-bird@example.com" }))?.role).toBe("admin");
  }, 60_000);
});
