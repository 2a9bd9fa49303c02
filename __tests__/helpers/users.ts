import { getDb } from "@/lib/core/db";
import { createUser } from "@/lib/users";
import type { Role } from "@/lib/access/shared";

/** A password that passes the policy, for tests that are not about the policy. */
export const GOOD_PASSWORD = "violet-Harbor-42-lantern";

let counter = 0;

export interface TestUserOverrides {
  email?: string;
  name?: string;
  password?: string;
  role?: Role;
  /** Whether the email is verified (default true: storing keys and generating need it). */
  verified?: boolean;
}

/**
 * Creates a password user straight through the users module and returns its
 * id and credentials; its email is verified unless `verified: false`.
 */
export async function createTestUser(overrides: TestUserOverrides = {}) {
  counter += 1;
  const email = overrides.email ?? `user${counter}@example.com`;
  const password = overrides.password ?? GOOD_PASSWORD;
  const user = await createUser({ name: overrides.name ?? `User ${counter}`, email, password, role: overrides.role });
  if (overrides.verified ?? true) await (await usersCollection()).updateOne({ _id: user._id }, { $set: { emailVerified: new Date() } });
  return { id: user._id.toString(), _id: user._id, email, password };
}

/** The raw `users` collection, read with the driver (what is really stored). */
export async function usersCollection() {
  return (await getDb()).collection("users");
}

/** A raw collection by name. */
export async function rawCollection(name: string) {
  return (await getDb()).collection(name);
}
