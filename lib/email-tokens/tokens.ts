import "#server-only";
import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { siteUrl } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/keyed-hash";
import {
  deleteEmailToken,
  deleteEmailTokensOf,
  findEmailToken,
  insertEmailToken,
  type NewEmailToken,
  type StoredEmailToken,
} from "./repository";
import {
  EMAIL_LINK_PAGES,
  EMAIL_TOKEN_LIFETIME_SECONDS,
  EMAIL_TOKEN_PATTERN,
  lifetimeInWords,
  type EmailTokenProblem,
  type EmailTokenPurpose,
} from "./shared";

/**
 * Secrets for links sent by email. The link carries 32 random bytes; the
 * database keeps only their HMAC (keyed from NEXTAUTH_SECRET), so a leaked
 * `verificationTokens` collection opens no link. A token is bound to its
 * purpose, its user and the address it is about, expires on its own clock
 * (checked here on every read: FerretDB has no TTL monitor), and is deleted
 * when used.
 */

interface EmailTokenSubject {
  userId: string;
  /** The address the link is about (verified, reset, or the old one of a change). */
  email: string;
  newEmail?: string;
}

export type EmailTokenRecord = Pick<StoredEmailToken, "purpose" | "email" | "newEmail" | "expires"> & { userId: string };

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
}

const systemStore: EmailTokenStore = { deleteOf: deleteEmailTokensOf, insert: insertEmailToken };

/** A link ready for a mail: its absolute URL, and how long it works in words ("24 hours"). */
interface EmailLink {
  url: string;
  validFor: string;
}

/**
 * A new link for `purpose`, to the page that opens it, on NEXTAUTH_URL's
 * origin. With `replacePrevious` (the default), earlier links of the same
 * purpose for this user stop working: only the newest verification or reset
 * mail counts.
 */
export async function issueEmailLink(
  purpose: EmailTokenPurpose,
  subject: EmailTokenSubject,
  { replacePrevious = true, store = systemStore }: { replacePrevious?: boolean; store?: EmailTokenStore } = {},
): Promise<EmailLink> {
  if (replacePrevious) await store.deleteOf(subject.userId, purpose);
  const secret = randomBytes(32).toString("base64url");
  await store.insert({
    identifier: `${purpose}:${subject.userId}`,
    token: hashOf(secret),
    expires: new Date(Date.now() + EMAIL_TOKEN_LIFETIME_SECONDS[purpose] * 1000),
    purpose,
    userId: new Types.ObjectId(subject.userId),
    email: subject.email,
    ...(subject.newEmail ? { newEmail: subject.newEmail } : {}),
  });
  return {
    url: siteUrl(`${EMAIL_LINK_PAGES[purpose]}?${new URLSearchParams({ token: secret })}`),
    validFor: lifetimeInWords(purpose),
  };
}

async function lookUp(secret: unknown, purpose: EmailTokenPurpose): Promise<StoredEmailToken | EmailTokenProblem> {
  if (typeof secret !== "string" || !EMAIL_TOKEN_PATTERN.test(secret)) return "invalid";
  const stored = await findEmailToken(hashOf(secret), purpose);
  if (!stored) return "invalid";
  return stored.expires.getTime() > Date.now() ? stored : "expired";
}

/** What callers learn of a stored link: never its hash. */
export function recordOf(stored: Omit<StoredEmailToken, "token">): EmailTokenRecord {
  const { purpose, email, newEmail, expires } = stored;
  return { purpose, email, expires, userId: stored.userId.toString(), ...(newEmail ? { newEmail } : {}) };
}

/** Whether a link is still good, without using it up (a page showing a form before the user acts). */
export async function checkEmailToken(secret: unknown, purpose: EmailTokenPurpose): Promise<EmailTokenCheck> {
  const found = await lookUp(secret, purpose);
  return typeof found === "string" ? { ok: false, problem: found } : { ok: true, token: recordOf(found) };
}

/**
 * Uses a link up: its record, once. A second use, even at the same moment,
 * gets "invalid"; an expired link is deleted and reported as "expired".
 */
export async function consumeEmailToken(secret: unknown, purpose: EmailTokenPurpose): Promise<EmailTokenCheck> {
  const found = await lookUp(secret, purpose);
  if (typeof found === "string") return { ok: false, problem: found };
  const deletedHere = await deleteEmailToken(found._id);
  return deletedHere ? { ok: true, token: recordOf(found) } : { ok: false, problem: "invalid" };
}

/** Every link of `purpose` for the user stops working. */
export async function revokeEmailTokens(userId: string, purpose: EmailTokenPurpose): Promise<void> {
  await deleteEmailTokensOf(userId, purpose);
}
