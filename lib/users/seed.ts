import "#server-only";
import { randomBytes } from "node:crypto";
import { findNewPasswordProblem } from "@/lib/passwords";
import { createUser } from "./registration";
import { findUserByEmail, setRole } from "./repository";
import { emailSchema, type Role } from "./shared";

/**
 * Seeds an admin and a few demo users, idempotently: existing accounts are
 * found and left alone (an existing admin email is only promoted if needed),
 * so a second run changes nothing.
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
  if (existing) {
    if (role === "admin" && existing.role !== "admin") {
      await setRole(existing._id, "admin");
      return { email, role, outcome: "promoted" };
    }
    return { email, role: existing.role, outcome: "found" };
  }
  const chosen = password ?? generatePassword();
  await createUser({ name, email, password: chosen, role });
  return { email, role, outcome: "created", ...(password ? {} : { generatedPassword: chosen }) };
}

export async function seedUsers(options: { adminEmail: string; adminPassword?: string }): Promise<SeedLine[]> {
  const adminEmail = emailSchema.parse(options.adminEmail);
  const adminPassword = options.adminPassword === undefined ? undefined : checkedPassword(options.adminPassword, adminEmail);
  const lines = [await ensureUser("Admin", adminEmail, "admin", adminPassword)];
  for (const demo of DEMO_USERS) lines.push(await ensureUser(demo.name, demo.email, "user"));
  return lines;
}
