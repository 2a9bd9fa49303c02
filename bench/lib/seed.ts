import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { ObjectId, type Db, type Document } from "mongodb";

/**
 * The benchmark's users: bulk-inserted into `users` with one precomputed
 * bcrypt hash, shaped as models/User.ts stores them (lower-case email, role,
 * sessionVersion, timestamps), so both apps sign them in for real. Each gets
 * the history a real account has: audit events (models/AuthEvent.ts) and
 * signed-in devices (models/DeviceSession.ts), so the routes that list them
 * read from collections that grow with the users.
 */

/** Audit events and device sessions each seeded user has (issue 32: 10 and 2). */
export const EVENTS_PER_USER = 10;
export const DEVICES_PER_USER = 2;

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

/** The seeded admin (role "admin"), for the admin console's render. */
export const BENCH_ADMIN_EMAIL = "admin@bench.example.com";

function userDocument(index: number, passwordHash: string, createdAt: Date, email = benchEmail(index), role = "user"): Document {
  return {
    _id: new ObjectId(),
    email,
    name: `Bench User ${index}`,
    emailVerified: createdAt,
    image: null,
    passwordHash,
    role,
    sessionVersion: 0,
    disabledAt: null,
    disabledReason: null,
    preferences: { keepGenerationHistory: true },
    // As a new user gets it (no links yet), so the start-up fill of older users (lib/accounts/legacy-users.ts) finds none.
    linkedProviders: [],
    createdAt,
    updatedAt: createdAt,
  };
}

const EVENT_TYPES = ["signin.succeeded", "signin.succeeded", "signin.failed", "signout", "password.changed"];
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

/** A user's signed-in devices and audit trail, as lib/sessions and lib/audit write them, over the last days. */
function historyOf(userId: ObjectId, now: number): { sessions: Document[]; events: Document[] } {
  const day = 24 * 60 * 60 * 1000;
  const sessions = Array.from({ length: DEVICES_PER_USER }, (_unused, device) => ({
    _id: new ObjectId(),
    sessionToken: randomBytes(16).toString("hex"),
    userId,
    expires: new Date(now + 30 * day),
    userAgent: USER_AGENT,
    ip: `203.0.113.${device + 1}`,
    createdAt: new Date(now - (device + 1) * day),
    lastSeenAt: new Date(now - device * 60_000),
  }));
  const events = Array.from({ length: EVENTS_PER_USER }, (_unused, event) => {
    const type = EVENT_TYPES[event % EVENT_TYPES.length] ?? "signout";
    return {
      _id: new ObjectId(),
      userId,
      type,
      at: new Date(now - event * 3_600_000),
      ip: "203.0.113.1",
      userAgent: USER_AGENT,
      deviceSessionId: sessions[event % DEVICES_PER_USER]?._id,
      ...(type === "signin.succeeded" ? { detail: { method: "password" } } : type === "signin.failed" ? { detail: { reason: "bad_password" } } : {}),
    };
  });
  return { sessions, events };
}

/**
 * Inserts users number `from` to `to - 1`, in batches, with their devices and
 * audit events when `withHistory` (the bench; the soak seeds bare users);
 * resolves with the ms it took.
 */
export async function seedUsers(db: Db, from: number, to: number, passwordHash: string, { withHistory = false } = {}): Promise<number> {
  const started = performance.now();
  // A day old: not "a brand-new account" (lib/auth/device-cookie.ts), so sign-ins behave as for any user.
  const now = Date.now();
  const createdAt = new Date(now - 24 * 60 * 60 * 1000);
  for (let start = from; start < to; start += BATCH) {
    const end = Math.min(to, start + BATCH);
    const users = Array.from({ length: end - start }, (_unused, offset) => userDocument(start + offset, passwordHash, createdAt));
    const histories = users.map((user) => historyOf(user._id as ObjectId, now));
    await db.collection("users").insertMany(users, { ordered: false });
    if (!withHistory) continue;
    await db.collection("sessions").insertMany(histories.flatMap((history) => history.sessions), { ordered: false });
    await db.collection("authEvents").insertMany(histories.flatMap((history) => history.events), { ordered: false });
  }
  return performance.now() - started;
}

/** The admin whose console the bench renders. */
export async function seedAdmin(db: Db, passwordHash: string): Promise<void> {
  await db.collection("users").insertOne(userDocument(-1, passwordHash, new Date(Date.now() - 24 * 60 * 60 * 1000), BENCH_ADMIN_EMAIL, "admin"));
}

/** Documents in each collection of the bench database (the scale tables say what a scan had to read). */
export async function collectionSizes(db: Db): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) sizes[name] = await db.collection(name).estimatedDocumentCount();
  return sizes;
}
