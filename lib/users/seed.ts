import "#server-only";
import { randomBytes } from "node:crypto";
import type { Role } from "@/lib/access/shared";
import { findNewPasswordProblem } from "@/lib/passwords";
import { createUser, findUserByEmail, setRole } from "./repository";
import { emailSchema } from "./shared";

/**
 * Seeds an admin and a few demo users, idempotently: existing accounts are
 * found and left alone, so a second run changes nothing. The seed never makes
 * an admin of an account it did not create (anyone may have signed up with the
 * admin email first): it refuses, unless the operator asks for exactly that.
 */

interface SeedLine {
  email: string;
  role: Role;
  outcome: "created" | "found" | "promoted";
  /** Only for accounts created now with a generated password: shown once, never stored. */
  generatedPassword?: string;
}

export const DEMO_USERS = [
  { name: "Demo Ada", email: "ada.demo@example.com" },
  { name: "Demo Linus", email: "linus.demo@example.com" },
  { name: "Demo Grace", email: "grace.demo@example.com" },
] as const;

/** A random password that passes the policy (no need to check it against the list). */
function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** SEED_ADMIN_PASSWORD, once it passes the new-password policy. */
function checkedPassword(password: string, email: string): string {
  const problem = findNewPasswordProblem(password, email);
  if (problem) throw new Error(`SEED_ADMIN_PASSWORD: ${problem}`);
  return password;
}

async function ensureUser(name: string, email: string, role: Role, password?: string): Promise<SeedLine> {
  const existing = await findUserByEmail(email);
  if (existing) return { email, role: existing.role, outcome: "found" };
  const chosen = password ?? generatePassword();
  await createUser({ name, email, password: chosen, role });
  return { email, role, outcome: "created", ...(password ? {} : { generatedPassword: chosen }) };
}

/** The admin email is taken by a non-admin account and the operator did not pass --promote-existing. */
class SeedRefusedError extends Error {
  constructor(email: string) {
    super(
      `${email} belongs to an existing account that is not an admin; the seed does not promote accounts it did not create. ` +
        "If that account is yours, run: npm run seed -- --promote-existing",
    );
    this.name = "SeedRefusedError";
  }
}

/** Creates the admin if the email is free; an existing admin is left alone; anyone else only with `promoteExisting`. */
async function ensureAdmin(email: string, password: string | undefined, promoteExisting: boolean): Promise<SeedLine> {
  const existing = await findUserByEmail(email);
  if (!existing) return ensureUser("Admin", email, "admin", password);
  if (existing.role === "admin") return { email, role: "admin", outcome: "found" };
  if (!promoteExisting) throw new SeedRefusedError(email);
  await setRole(existing._id, "admin");
  return { email, role: "admin", outcome: "promoted" };
}

export async function seedUsers(options: { adminEmail: string; adminPassword?: string; promoteExisting?: boolean }): Promise<SeedLine[]> {
  const adminEmail = emailSchema.parse(options.adminEmail);
  const adminPassword = options.adminPassword === undefined ? undefined : checkedPassword(options.adminPassword, adminEmail);
  const lines = [await ensureAdmin(adminEmail, adminPassword, options.promoteExisting ?? false)];
  for (const demo of DEMO_USERS) lines.push(await ensureUser(demo.name, demo.email, "user"));
  return lines;
}
