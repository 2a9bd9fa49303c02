import bcrypt from "bcryptjs";
import type { Db, OptionalId, Document } from "mongodb";

/**
 * The benchmark's users: bulk-inserted into `users` with one precomputed
 * bcrypt hash, shaped as models/User.ts stores them (lower-case email, role,
 * sessionVersion, timestamps), so both apps sign them in for real.
 */

/** The one password every seeded user has. */
export const BENCH_PASSWORD = "bench-Password-7431";

const BATCH = 10_000;

/** The email of seeded user number `index` (0-based). */
export function benchEmail(index: number): string {
  return `user${index}@bench.example.com`;
}

/** bcrypt at `cost`, once for every user (hashing 100,000 times would take hours). */
export function benchPasswordHash(cost: number): string {
  return bcrypt.hashSync(BENCH_PASSWORD, cost);
}

function userDocument(index: number, passwordHash: string, createdAt: Date): OptionalId<Document> {
  return {
    email: benchEmail(index),
    name: `Bench User ${index}`,
    emailVerified: createdAt,
    image: null,
    passwordHash,
    role: "user",
    sessionVersion: 0,
    disabledAt: null,
    disabledReason: null,
    preferences: { keepGenerationHistory: true },
    createdAt,
    updatedAt: createdAt,
  };
}

/** Inserts users number `from` to `to - 1`, in batches; resolves with the ms it took. */
export async function seedUsers(db: Db, from: number, to: number, passwordHash: string): Promise<number> {
  const started = performance.now();
  // A day old: not "a brand-new account" (lib/auth/device-cookie.ts), so sign-ins behave as for any user.
  const createdAt = new Date(Date.now() - 24 * 60 * 60 * 1000);
  for (let start = from; start < to; start += BATCH) {
    const end = Math.min(to, start + BATCH);
    const documents = Array.from({ length: end - start }, (_unused, offset) => userDocument(start + offset, passwordHash, createdAt));
    await db.collection("users").insertMany(documents, { ordered: false });
  }
  return performance.now() - started;
}
