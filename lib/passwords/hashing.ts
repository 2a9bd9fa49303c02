import "#server-only";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import { getEnv } from "@/lib/core/env";
import { BCRYPT_HASH_SHAPE, PASSWORD_RULES, utf8ByteLength } from "./shared";

/**
 * Password hashing and checking with bcrypt (server only).
 *
 * bcryptjs is pure JavaScript: one cost-10 hash or compare keeps a CPU busy
 * for ~70 ms. Run on the main thread, that would freeze every other request for
 * as long, so all bcrypt work goes to a small pool of worker threads
 * (`lib/passwords/bcrypt-worker.js`), one per CPU.
 */

/** What the worker file's exports receive; see `./bcrypt-worker.js`. */
type BcryptTask = { password: string; cost: number } | { password: string; hash: string };

/**
 * The worker threads run at a lower scheduling priority (Linux `nice`, through
 * piscina's optional @napi-rs/nice): bcrypt still takes every idle core, but
 * when the event loop wakes up it gets a core at once instead of queueing
 * behind a hash. Measured on 2 cores (server, FerretDB and client sharing
 * them), a burst of 8 sign-ins: worst stall 8.7-33 ms (median 27) at equal
 * priority, 11-25 ms (median 23) at +10; +19 was no better.
 */
const WORKER_NICE_INCREMENT = 10;

/** Idle threads beyond the first exit after this long; they are recreated on demand. */
const IDLE_THREAD_TIMEOUT_MS = 60_000;

/**
 * The absolute path of the worker file, a plain CommonJS file kept on disk (not
 * bundled). It is found from the working directory because jest, tsx scripts,
 * `next dev` and `next start` all run from the project root, whereas this
 * module's own location (`__dirname`, `import.meta.url`) is a chunk under
 * `.next/` once Turbopack has compiled it. The literal path segments let
 * Turbopack's file tracing include the worker with the server output.
 */
function locateBcryptWorker(): string {
  const workerPath = path.join(process.cwd(), "lib", "passwords", "bcrypt-worker.js");
  if (!existsSync(workerPath)) {
    throw new Error(
      `The bcrypt worker file is missing at ${workerPath}. ` +
        "Start the server, scripts and tests from the project root (the folder holding package.json).",
    );
  }
  return workerPath;
}

/** Cached on `globalThis` so dev hot reload, which re-evaluates this module, reuses the threads. */
const globalForPassword = globalThis as typeof globalThis & { bcryptWorkerPool?: Piscina<BcryptTask, unknown> };

function getBcryptPool(): Piscina<BcryptTask, unknown> {
  globalForPassword.bcryptWorkerPool ??= new Piscina<BcryptTask, unknown>({
    filename: locateBcryptWorker(),
    minThreads: 1,
    maxThreads: availableParallelism(),
    idleTimeout: IDLE_THREAD_TIMEOUT_MS,
    niceIncrement: WORKER_NICE_INCREMENT,
  });
  return globalForPassword.bcryptWorkerPool;
}

/**
 * Stops the worker threads (idle ones already let the process exit). For test
 * files, which each get their own pool inside one long-lived jest process.
 */
export async function closePasswordWorkers(): Promise<void> {
  const pool = globalForPassword.bcryptWorkerPool;
  globalForPassword.bcryptWorkerPool = undefined;
  await pool?.destroy();
}

async function hashInWorker(password: string, cost: number): Promise<string> {
  const hash = await getBcryptPool().run({ password, cost }, { name: "hashPassword" });
  if (typeof hash !== "string") throw new Error("The bcrypt worker returned no hash");
  return hash;
}

async function compareInWorker(password: string, hash: string): Promise<boolean> {
  const matches = await getBcryptPool().run({ password, hash }, { name: "comparePassword" });
  if (typeof matches !== "boolean") throw new Error("The bcrypt worker returned no comparison result");
  return matches;
}

/**
 * Highest cost a stored hash may have: lib/core/env.ts's upper bound for BCRYPT_COST.
 * A higher cost can only come from a tampered record, and comparing against a
 * cost-31 hash would tie a thread up for hours.
 */
const MAX_STORED_COST = 15;
const MIN_STORED_COST = 4;

/** The cost of a well-formed bcrypt hash within the accepted range, else null. */
function bcryptCostOf(hash: string): number | null {
  const match = BCRYPT_HASH_SHAPE.exec(hash);
  if (!match?.[1]) return null;
  const cost = Number(match[1]);
  return cost >= MIN_STORED_COST && cost <= MAX_STORED_COST ? cost : null;
}

/**
 * Hashes a new password at the configured BCRYPT_COST. Refuses passwords
 * longer than 72 bytes, which bcrypt would silently truncate; validate with
 * the policy (`newPasswordProblem`) first.
 */
export async function hashPassword(password: string): Promise<string> {
  if (utf8ByteLength(password) > PASSWORD_RULES.maxBytes) {
    throw new RangeError(`hashPassword: the password is longer than ${PASSWORD_RULES.maxBytes} bytes`);
  }
  return hashInWorker(password, getEnv().BCRYPT_COST);
}

/** Whether `plain` matches `hash`. A malformed hash is simply not a match: false, never a throw. */
export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  if (bcryptCostOf(hash) === null) return false;
  return compareInWorker(plain, hash);
}

let dummyHash: Promise<string> | undefined;

/** A hash of a random secret at the configured cost, computed once, for `verifyPasswordOrDummy`. */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashInWorker(randomBytes(24).toString("base64url"), getEnv().BCRYPT_COST).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}

/**
 * Sign-in's check. When the account has no usable hash (unknown email, or an
 * account without a password) it still spends one bcrypt comparison at the
 * configured cost, against a dummy hash, and answers false: the response takes
 * as long as for a wrong password, so its timing does not reveal which emails exist.
 */
export async function verifyPasswordOrDummy(plain: string, hash: string | null | undefined): Promise<boolean> {
  if (typeof hash === "string" && bcryptCostOf(hash) !== null) return compareInWorker(plain, hash);
  await compareInWorker(plain, await getDummyHash());
  return false;
}

/**
 * True when `hash` was made at a lower cost than BCRYPT_COST (or cannot be
 * read), so the caller should re-hash the password after a successful sign-in.
 */
export function hashNeedsUpgrade(hash: string): boolean {
  const cost = bcryptCostOf(hash);
  return cost === null || cost < getEnv().BCRYPT_COST;
}
