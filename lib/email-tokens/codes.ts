import "#server-only";
import { randomInt } from "node:crypto";
import { Types } from "mongoose";
import { equalInConstantTime, keyedHash } from "@/lib/core/keyed-hash";
import { isDuplicateKeyError } from "@/lib/http";
import { consumeRateLimits } from "@/lib/rate-limit";
import { findNewestEmailTokenOf } from "./repository";
import { EMAIL_CODE_MAX_TRIES, EMAIL_CODE_PATTERN, EMAIL_TOKEN_LIFETIME_SECONDS, lifetimeInWords } from "./shared";
import { recordOf, systemStore, type EmailTokenRecord, type EmailTokenStore } from "./tokens";

/**
 * The 6-digit code the verification mail carries next to its link, typed in
 * by the signed-in person (the session shows who set up the account, the code
 * that they hold the mailbox). Stored like a link: only its HMAC (keyed from
 * NEXTAUTH_SECRET, and bound to the user), in `verificationTokens`; it lives
 * 10 minutes, is used once, and only the user's newest code counts. Every try
 * is appended to `rateLimits` under the code's own key and counted (no
 * counter to increment): after EMAIL_CODE_MAX_TRIES wrong ones it no longer works.
 */

const PURPOSE = "verify-email-code";
const LIFETIME_SECONDS = EMAIL_TOKEN_LIFETIME_SECONDS[PURPOSE];

function hashOf(userId: string, code: string): string {
  return keyedHash("email code v1", `${userId}:${code}`).toString("base64url");
}

/** A code ready for a mail, and how long it works in words ("10 minutes"). */
interface EmailCode {
  code: string;
  validFor: string;
}

/** A new code for the user's address; the earlier ones stop working. */
export async function issueEmailCode(
  { userId, email }: { userId: string; email: string },
  { store = systemStore }: { store?: EmailTokenStore } = {},
): Promise<EmailCode> {
  await store.deleteOf(userId, PURPOSE);
  for (let draw = 1; ; draw++) {
    const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
    try {
      await store.insert({
        identifier: `${PURPOSE}:${userId}`,
        token: hashOf(userId, code),
        expires: new Date(Date.now() + LIFETIME_SECONDS * 1000),
        purpose: PURPOSE,
        userId: new Types.ObjectId(userId),
        email,
      });
      return { code, validFor: lifetimeInWords(PURPOSE) };
    } catch (error) {
      // The same code drawn for the same user by two requests at once (one in a million): draw again.
      if (draw < 3 && isDuplicateKeyError(error)) continue;
      throw error;
    }
  }
}

/**
 * Why a typed code did not work: `wrong` (tries remain), `used-up` (that was
 * the last try, or none were left), `expired`, or `missing` (none was sent,
 * or it was already used).
 */
export type EmailCodeProblem = "wrong" | "used-up" | "expired" | "missing";

type EmailCodeCheck = { ok: true; token: EmailTokenRecord } | { ok: false; problem: EmailCodeProblem; triesLeft: number };

/**
 * Uses up the user's newest code if `typed` is it. Each call counts as a try
 * of that code, right or wrong; `store.remove` deletes it once right (the
 * signed-in person's door, which refuses an admin viewing as them).
 */
export async function redeemEmailCode(userId: string, typed: string, { store = systemStore }: { store?: EmailTokenStore } = {}): Promise<EmailCodeCheck> {
  const stored = await findNewestEmailTokenOf(userId, PURPOSE);
  if (!stored) return { ok: false, problem: "missing", triesLeft: 0 };
  // Checked here on every read: FerretDB has no TTL monitor.
  if (stored.expires.getTime() <= Date.now()) return { ok: false, problem: "expired", triesLeft: 0 };
  // Refused tries are kept: of many sent at once all may be refused, and the code must stay used up.
  const rule = { limit: EMAIL_CODE_MAX_TRIES, windowSeconds: LIFETIME_SECONDS, keepRefused: true };
  const [tries = { allowed: false, remaining: 0 }] = await consumeRateLimits([{ key: `email-code:${stored._id.toString()}`, rule }]);
  const right = EMAIL_CODE_PATTERN.test(typed) && equalInConstantTime(hashOf(userId, typed), stored.token);
  // Out of tries, it stays (dead) until it expires or a new one replaces it, so later tries keep saying why.
  if (!tries.allowed || (!right && tries.remaining === 0)) return { ok: false, problem: "used-up", triesLeft: 0 };
  if (!right) return { ok: false, problem: "wrong", triesLeft: tries.remaining };
  // The delete makes it single-use, even when the right code is sent twice at once.
  if (!(await store.remove(stored._id))) return { ok: false, problem: "missing", triesLeft: 0 };
  return { ok: true, token: recordOf(stored) };
}
