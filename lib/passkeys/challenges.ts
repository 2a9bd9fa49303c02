import "#server-only";
import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { challengeDocs, type Ceremony } from "./repository";

/**
 * WebAuthn challenges: 32 random bytes the authenticator signs over, stored
 * until answered. Each is spent once (a deleteOne that only one caller can
 * win), for the ceremony and the user it was issued for, within
 * CHALLENGE_SECONDS. Expiry is checked on read since FerretDB runs no TTL
 * monitor; expired ones are swept as new ones are issued.
 */

/** How long a browser has to answer a challenge (the options' timeout says the same to the browser). */
export const CHALLENGE_SECONDS = 5 * 60;

/** A new challenge for `ceremony` (bound to `userId` when the user is known): its bytes, for the options. */
export async function issueChallenge(ceremony: Ceremony, userId: string | null): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(randomBytes(32));
  const now = new Date();
  const docs = await challengeDocs();
  await docs.insertOne({
    _id: Buffer.from(bytes).toString("base64url"),
    ceremony,
    userId: userId ? new ObjectId(userId) : null,
    expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
  });
  return bytes;
}

/** Deletes the challenges expired at `now` (the retention job; spending one checks its expiry itself); how many went. */
export async function deleteExpiredChallenges(now: Date): Promise<number> {
  return (await (await challengeDocs()).deleteMany({ expiresAt: { $lte: now } })).deletedCount;
}

/**
 * Spends the challenge an answer echoes: true once, for one caller, when it
 * was issued for this ceremony (and this user, when `userId` is given) and
 * has not expired. A second use, another ceremony's challenge or another
 * user's is false.
 */
export async function spendChallenge(challenge: string, ceremony: Ceremony, userId?: string): Promise<boolean> {
  if (challenge.length > 200) return false;
  const owner = userId === undefined ? {} : { userId: new ObjectId(userId) };
  const result = await (await challengeDocs()).deleteOne({ _id: challenge, ceremony, expiresAt: { $gt: new Date() }, ...owner });
  return result.deletedCount === 1;
}
