import "#server-only";
import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { siteUrl } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/keyed-hash";
import {
  deleteEmailToken,
  deleteEmailTokensOf,
  deleteOlderEmailTokens,
  findEmailToken,
  findLiveEmailTokensOf,
  hasNewerEmailToken,
  insertEmailToken,
  type NewEmailToken,
  type StoredEmailToken,
} from "./repository";
import {
  EMAIL_LINK_PAGES,
  EMAIL_TOKEN_LIFETIME_SECONDS,
  EMAIL_TOKEN_PATTERN,
  lifetimeInWords,
  REPLACED_BY_NEWER,
  type EmailLinkPurpose,
  type EmailTokenProblem,
  type EmailTokenPurpose,
} from "./shared";

/**
 * Secrets for links sent by email. The link carries 32 random bytes; the
 * database keeps only their HMAC (keyed from NEXTAUTH_SECRET), so a leaked
 * `verificationTokens` collection opens no link. A token is bound to its
 * purpose, its user and the address it is about, expires on its own clock
 * (checked here on every read: FerretDB has no TTL monitor), and is deleted
 * when used. Of the kinds a newer link replaces, only the newest per user
 * works: checked on every read too, so two links asked for at the same moment
 * cannot both work.
 */

type EmailTokenSubject = { userId: string } & Pick<NewEmailToken, "email" | "newEmail" | "sessionVersion" | "requestedAt" | "emailWasVerified">;

export type EmailTokenRecord = Pick<
  StoredEmailToken,
  "purpose" | "email" | "newEmail" | "expires" | "createdAt" | "sessionVersion" | "requestedAt" | "emailWasVerified"
> & { userId: string };

export type EmailTokenCheck = { ok: true; token: EmailTokenRecord } | { ok: false; problem: EmailTokenProblem };

function hashOf(secret: string): string {
  return keyedHash("email link v1", secret).toString("base64url");
}

/**
 * Where new links are stored: the system's own repository (links sent
 * outside a session: sign-up, password reset, the undo notice), or a signed-in
 * person's data door (`ownEmailTokens`), whose policy decides.
 */
export interface EmailTokenStore {
  deleteOf(userId: string, purpose: EmailTokenPurpose): Promise<unknown>;
  insert(token: NewEmailToken): Promise<unknown>;
  /** Deletes one token: true only for the caller whose delete removed it (a code used once). */
  remove(id: Types.ObjectId): Promise<boolean>;
}

export const systemStore: EmailTokenStore = { deleteOf: deleteEmailTokensOf, insert: insertEmailToken, remove: deleteEmailToken };

/** A link ready for a mail: its absolute URL, and how long it works in words ("24 hours"). */
interface EmailLink {
  url: string;
  validFor: string;
}

/**
 * A new link for `purpose`, to the page that opens it, on NEXTAUTH_URL's
 * origin. For the kinds in REPLACED_BY_NEWER, earlier links of the user stop
 * working: deleted here, and refused on reading should one be inserted at the same moment.
 */
export async function issueEmailLink(
  purpose: EmailLinkPurpose,
  { userId, ...about }: EmailTokenSubject,
  { store = systemStore }: { store?: EmailTokenStore } = {},
): Promise<EmailLink> {
  if (REPLACED_BY_NEWER.has(purpose)) await store.deleteOf(userId, purpose);
  const secret = randomBytes(32).toString("base64url");
  await store.insert({
    identifier: `${purpose}:${userId}`,
    token: hashOf(secret),
    expires: new Date(Date.now() + EMAIL_TOKEN_LIFETIME_SECONDS[purpose] * 1000),
    purpose,
    userId: new Types.ObjectId(userId),
    ...about,
  });
  return {
    url: siteUrl(`${EMAIL_LINK_PAGES[purpose]}?${new URLSearchParams({ token: secret })}`),
    validFor: lifetimeInWords(purpose),
  };
}

async function lookUp(secret: unknown, purpose: EmailTokenPurpose): Promise<StoredEmailToken | EmailTokenProblem> {
  if (typeof secret !== "string" || !EMAIL_TOKEN_PATTERN.test(secret)) return "malformed";
  const stored = await findEmailToken(hashOf(secret), purpose);
  if (!stored) return "invalid";
  if (stored.expires.getTime() <= Date.now()) return "expired";
  if (REPLACED_BY_NEWER.has(purpose) && (await hasNewerEmailToken(stored))) {
    // Replaced: the delete that issuing the newer one did missed it (they were asked for at the same moment).
    await deleteEmailToken(stored._id);
    return "invalid";
  }
  return stored;
}

/** What callers learn of a stored link: never its hash. */
export function recordOf(stored: Omit<StoredEmailToken, "token">): EmailTokenRecord {
  const { purpose, email, newEmail, expires, createdAt, sessionVersion, requestedAt, emailWasVerified } = stored;
  return { purpose, email, newEmail, expires, createdAt, sessionVersion, requestedAt, emailWasVerified, userId: stored.userId.toString() };
}

/** Whether a link is still good, without using it up (a page showing a form before the user acts). */
export async function checkEmailToken(secret: unknown, purpose: EmailTokenPurpose): Promise<EmailTokenCheck> {
  const found = await lookUp(secret, purpose);
  return typeof found === "string" ? { ok: false, problem: found } : { ok: true, token: recordOf(found) };
}

/**
 * The address an expired link of `purpose` was sent to, or null (it is not
 * an expired link): its page offers to send a new one there. The link opens
 * nothing any more; whoever holds it had that mailbox.
 */
export async function addressOfExpiredLink(secret: unknown, purpose: EmailTokenPurpose): Promise<string | null> {
  if (typeof secret !== "string" || !EMAIL_TOKEN_PATTERN.test(secret)) return null;
  const stored = await findEmailToken(hashOf(secret), purpose);
  return stored && stored.expires.getTime() <= Date.now() && stored.email ? stored.email : null;
}

/**
 * Uses a link up: its record, once. A second use, even at the same moment,
 * gets "invalid"; an expired link is deleted and reported as "expired".
 */
export async function consumeEmailToken(secret: unknown, purpose: EmailTokenPurpose): Promise<EmailTokenCheck> {
  const found = await lookUp(secret, purpose);
  if (typeof found === "string") return { ok: false, problem: found };
  // The older ones first: once the newest is gone, an older one must not become the newest.
  if (REPLACED_BY_NEWER.has(purpose)) await deleteOlderEmailTokens(found);
  const deletedHere = await deleteEmailToken(found._id);
  return deletedHere ? { ok: true, token: recordOf(found) } : { ok: false, problem: "invalid" };
}

/** Every link of `purpose` for the user stops working; with `about`, only those about that address. */
export async function revokeEmailTokens(userId: string, purpose: EmailTokenPurpose, about?: { email: string }): Promise<void> {
  await deleteEmailTokensOf(userId, purpose, about);
}

/** The user's links of `purpose` that have not expired, oldest first (system reads, outside a session). */
export async function liveEmailTokens(userId: string, purpose: EmailTokenPurpose): Promise<EmailTokenRecord[]> {
  return (await findLiveEmailTokensOf(userId, purpose)).map(recordOf);
}
