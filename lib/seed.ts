import { randomBytes } from "node:crypto";
import { isCommonPassword, COMMON_PASSWORD_MESSAGE } from "@/lib/common-passwords";
import { createUser, getUser, promoteToAdmin } from "@/lib/users";
import { emailSchema } from "@/lib/validations/email";
import { passwordEqualsEmailMessage, passwordSchema } from "@/lib/validations/password";
import type { Role } from "@/models/User";

/**
 * Seeds an admin and a few demo users, idempotently: existing accounts are
 * found and left alone (an existing admin email is only promoted if needed),
 * so a second run changes nothing.
 */

export interface SeedLine {
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

function checkedPassword(password: string, email: string): string {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new Error(`SEED_ADMIN_PASSWORD: ${parsed.error.issues[0]?.message}`);
  const sameAsEmail = passwordEqualsEmailMessage(password, email);
  if (sameAsEmail) throw new Error(`SEED_ADMIN_PASSWORD: ${sameAsEmail}`);
  if (isCommonPassword(password)) throw new Error(`SEED_ADMIN_PASSWORD: ${COMMON_PASSWORD_MESSAGE}`);
  return password;
}

async function ensureUser(name: string, email: string, role: Role, password?: string): Promise<SeedLine> {
  const existing = await getUser(email);
  if (existing) {
    if (role === "admin" && existing.role !== "admin") {
      await promoteToAdmin(existing._id);
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
