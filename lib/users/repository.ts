import "#server-only";
import { Types } from "mongoose";
import type { Role } from "@/lib/access/shared";
import { collections } from "@/lib/core/collections";
import { connectToDatabase } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { isDuplicateKeyError } from "@/lib/http";
import { hashPassword } from "@/lib/passwords";
import { API_KEY_PROVIDERS, type ApiKeyProvider } from "@/lib/vault/shared";
import { UserModel, type AccountDeletion, type User, type UserDocument } from "@/models/User";
import { normalizeEmail } from "./shared";

export type { AccountDeletion, User, UserDocument };

/**
 * The users feature's data access for what no signed-in request does for
 * itself: sign-in, sign-up, email links and the seed. With the vault's, the
 * notices' and the linked accounts' repositories (each reading and writing
 * only its own fields, by id; the accounts' one also fills `lastSignInAt` in,
 * once, for users from before it was recorded), the only code besides the
 * data door (lib/access; see own-account.ts) that queries UserModel. Each function makes sure the shared connection is
 * open first.
 *
 * Updates are `updateOne` followed by a read, not `findOneAndUpdate`: Mongoose
 * adds a projection for the hidden fields, and FerretDB does not implement
 * projections in findAndModify.
 */

registerIndexes(
  // One account per (normalised) email: the index, not a prior read, decides racing sign-ups.
  // Accounts without an email (an OAuth sign-in with no verified address) are not indexed, so there can be many.
  { collection: collections.users, key: { email: 1 }, unique: true, partialFilterExpression: { email: { $type: "string" } } },
  // The admin console's list in each of its orders (lib/admin/users.ts), the id breaking ties so pages never overlap.
  { collection: collections.users, key: { createdAt: -1, _id: -1 } },
  { collection: collections.users, key: { lastSignInAt: -1, _id: -1 } },
  { collection: collections.users, key: { name: 1, _id: 1 } },
  // Deletions a crash left half-done, looked for at every retention run (lib/account-deletion).
  { collection: collections.users, key: { deletedAt: 1 } },
);

interface NewUser {
  /** From `newUserId`, when something must name the account before it exists (sign-up's verification job). */
  id?: string;
  name: string;
  email: string;
  password: string;
  role?: Role;
}

interface ReadOptions {
  /** Selects the bcrypt hash too (sign-in, password change, `hasPassword`). */
  withPasswordHash?: boolean;
}

/** The user with this id, or null for an unknown or malformed id. */
export async function getUser(id: string, { withPasswordHash = false }: ReadOptions = {}): Promise<UserDocument | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  await connectToDatabase();
  const query = UserModel.findById(id);
  return (withPasswordHash ? query.select("+passwordHash") : query).exec();
}

/**
 * The user with this email, in any letter case or Unicode form (sign-in and
 * seed: email is their natural key). With `likelyId` (the account a returning
 * browser's device cookie names) it is read by `_id` first, a key lookup on
 * every server where FerretDB scans `users` for an email; that account counts
 * only if it still has this email (else it changed, or the account is gone,
 * and the email decides).
 */
export async function findUserByEmail(
  email: string,
  { withPasswordHash = false, likelyId }: ReadOptions & { likelyId?: string | null } = {},
): Promise<UserDocument | null> {
  const normalized = normalizeEmail(email);
  if (likelyId) {
    const byId = await getUser(likelyId, { withPasswordHash });
    if (byId?.email === normalized) return byId;
  }
  await connectToDatabase();
  const query = UserModel.findOne({ email: normalized });
  return (withPasswordHash ? query.select("+passwordHash") : query).exec();
}

/**
 * Creates a password account (sign-up, the seed and tests), the password
 * already checked against the policy and stored as its hash. A taken email
 * fails with MongoDB's duplicate-key error: the unique index decides, so two
 * racing sign-ups cannot both win.
 */
export async function createUser({ id, name, email, password, role = "user" }: NewUser): Promise<UserDocument> {
  const passwordHash = await hashPassword(password);
  await connectToDatabase();
  return UserModel.create({ ...(id ? { _id: new Types.ObjectId(id) } : {}), name, email, passwordHash, role });
}

/** A fresh account id, for `createUser({ id })`. */
export function newUserId(): string {
  return new Types.ObjectId().toString();
}

/** Replaces a user's hash with one at the current cost (after a successful sign-in). */
export async function setPasswordHash(id: Types.ObjectId, passwordHash: string): Promise<void> {
  await connectToDatabase();
  await UserModel.updateOne({ _id: id }, { $set: { passwordHash } }).exec();
}

/** Notes a successful sign-in on the user (the admin list sorts by it; the audit trail keeps the details). */
export async function recordSignIn(id: string, at: Date): Promise<void> {
  if (!Types.ObjectId.isValid(id)) return;
  await connectToDatabase();
  await UserModel.updateOne({ _id: id }, { $set: { lastSignInAt: at } }, { timestamps: false }).exec();
}

/** Gives a user a role (the seed's promotion of an existing account to admin). */
export async function setRole(id: Types.ObjectId, role: Role): Promise<void> {
  await connectToDatabase();
  await UserModel.updateOne({ _id: id }, { $set: { role } }).exec();
}

/**
 * Records that `email` is verified, if it is still this user's address (the
 * first verification's date is kept). False when the user no longer has it.
 */
export async function markEmailVerified(id: string, email: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  await connectToDatabase();
  const owner = { _id: id, email: normalizeEmail(email) };
  const { matchedCount } = await UserModel.updateOne({ ...owner, emailVerified: null }, { $set: { emailVerified: new Date() } }).exec();
  // Not matched: either verified already (still the owner) or no longer this user's address.
  return matchedCount === 1 || (await UserModel.exists(owner).exec()) !== null;
}

/**
 * Ends every session of the account, wherever it is (an admin's "sign out
 * everywhere"): bumps sessionVersion, which every session token and every
 * pending email-change link was issued under. Two bumps at once may count as
 * one, which still changes it.
 */
export async function bumpSessionVersion(id: string): Promise<void> {
  if (!Types.ObjectId.isValid(id)) return;
  await connectToDatabase();
  await UserModel.updateOne({ _id: id }, { $inc: { sessionVersion: 1 } }).exec();
}

/**
 * Hands an account to the verified owner of its email: marks the email
 * verified, takes the profile from the owner's provider, removes the password
 * and the vault someone else may have set up, and bumps sessionVersion, which
 * signs out every device (lib/auth/callbacks.ts).
 */
export async function resetForVerifiedOwner(id: string, profile: { name: string | null; image: string | null }): Promise<void> {
  await connectToDatabase();
  const name = profile.name ? { name: profile.name } : {};
  await UserModel.updateOne(
    { _id: id },
    {
      $set: { emailVerified: new Date(), image: profile.image, ...name },
      $unset: { passwordHash: 1, apiKeys: 1, ...(profile.name ? {} : { name: 1 }) },
      $inc: { sessionVersion: 1 },
    },
  ).exec();
}

/**
 * Password reset through an emailed link: sets the new hash, marks the email
 * verified (the link proved it) and bumps `sessionVersion`, which signs out
 * every device. False when the user no longer has `email` (it changed since
 * the link was sent).
 */
export async function setPasswordFromReset(id: string, email: string, passwordHash: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  await connectToDatabase();
  const filter = { _id: id, email: normalizeEmail(email) };
  const result = await UserModel.updateOne(filter, { $set: { passwordHash }, $inc: { sessionVersion: 1 } }).exec();
  if (result.matchedCount !== 1) return false;
  await UserModel.updateOne({ ...filter, emailVerified: null }, { $set: { emailVerified: new Date() } }).exec();
  return true;
}

/** Removes the vault; the providers whose keys it held (what a reclaim tells the owner it removed). */
export async function discardVault(id: string): Promise<ApiKeyProvider[]> {
  if (!Types.ObjectId.isValid(id)) return [];
  await connectToDatabase();
  // The document as it was, so the removed keys can be named. Through the driver: Mongoose would add a
  // projection (apiKeys is never selected by default), and FerretDB's findAndModify takes none.
  const before = await UserModel.collection.findOneAndUpdate({ _id: new Types.ObjectId(id) }, { $unset: { apiKeys: 1 } }, { returnDocument: "before" });
  const stored: unknown = before?.apiKeys;
  return API_KEY_PROVIDERS.filter((provider) => typeof stored === "object" && stored !== null && provider in stored);
}

/** A filter on `email`; null: the account has none (stored without the field). */
function emailIs(email: string | null) {
  return email === null ? { email: { $exists: false } } : { email: normalizeEmail(email) };
}

/** A filter on `sessionVersion`; accounts the adapter created may lack the field, which counts as 0. */
function sessionVersionIs(version: number) {
  return version === 0 ? { sessionVersion: { $in: [0, null] } } : { sessionVersion: version };
}

/**
 * "This wasn't me": the account goes back to the holder of `email`'s mailbox.
 * In one conditional update, only while the account still has
 * `expected.email` and `expected.sessionVersion`: `email` becomes its
 * verified address, the password goes, and sessionVersion is bumped (every
 * device signs out). False when the account changed meanwhile; a `email`
 * another account has fails with MongoDB's duplicate-key error.
 */
export async function returnToMailbox(id: string, expected: { email: string | null; sessionVersion: number }, email: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  await connectToDatabase();
  const result = await UserModel.updateOne(
    { _id: id, ...emailIs(expected.email), ...sessionVersionIs(expected.sessionVersion) },
    { $set: { email: normalizeEmail(email), emailVerified: new Date() }, $unset: { passwordHash: 1 }, $inc: { sessionVersion: 1 } },
    { runValidators: true },
  ).exec();
  return result.matchedCount === 1;
}

/**
 * Moves a user from `fromEmail` (null: the account has none yet) to
 * `toEmail`, verified: the new address confirmed it by its link. False when
 * the user no longer has `fromEmail`, or their sessionVersion is no longer
 * `sessionVersion` (a password reset or change since the link was sent). A
 * `toEmail` another account has fails with MongoDB's duplicate-key error:
 * the unique index decides.
 */
export async function replaceEmail(id: string, fromEmail: string | null, toEmail: string, sessionVersion: number): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  await connectToDatabase();
  const result = await UserModel.updateOne(
    { _id: id, ...emailIs(fromEmail), ...sessionVersionIs(sessionVersion) },
    { $set: { email: normalizeEmail(toEmail), emailVerified: new Date() } },
    { runValidators: true },
  ).exec();
  return result.matchedCount === 1;
}

/**
 * Stores every email in today's spelling (normalizeEmail: the domain in
 * punycode, since the IDN change), one conditional update per account that
 * needs it. An account whose new spelling another account already has is
 * left as it is and named in `conflicts`, for a person to settle. Safe to
 * interrupt and re-run.
 */
export async function respellStoredEmails(): Promise<{ respelled: number; conflicts: string[] }> {
  await connectToDatabase();
  let respelled = 0;
  const conflicts: string[] = [];
  // The driver's collection, not the model: the schema's own email setter would respell the filter too.
  const users = UserModel.collection;
  const stored = users.find<{ _id: Types.ObjectId; email: string }>({ email: { $type: "string" } }, { projection: { email: 1 } });
  for await (const { _id, email } of stored) {
    const spelled = normalizeEmail(email);
    if (spelled === email) continue;
    try {
      const result = await users.updateOne({ _id, email }, { $set: { email: spelled } });
      respelled += result.modifiedCount;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      conflicts.push(_id.toString());
    }
  }
  return { respelled, conflicts };
}

/**
 * The users' side of deleting an account (lib/account-deletion drives it):
 * the mark that stops it at once, the list of marks a crash left behind, and
 * the last step that removes the document. Keyed by id; the caller has
 * already checked who may delete it.
 */

/** The enabled admins other than `except` (the last admin may not delete themself). */
export async function countOtherActiveAdmins(except: string): Promise<number> {
  await connectToDatabase();
  return UserModel.countDocuments({ role: "admin", disabledAt: null, _id: { $ne: new Types.ObjectId(except) } }).exec();
}

/** What the mark phase needs from the account as it is now. */
export interface DeletionCandidate {
  id: string;
  email: string | null;
  role: Role;
}

/**
 * Marks the account deleted in one conditional update, only while it has
 * `expected.email` (a concurrent email change makes it miss) and is not
 * marked already: disabled (every sign-in path and session revalidation
 * refuses it), `deletedAt` and `deletion` set, `email` removed (the unique
 * index lets the address sign up again at once), sessionVersion bumped
 * (every session token ends). False when it did not match.
 */
export async function markUserDeleted(expected: DeletionCandidate, by: { adminId?: string }, now: Date): Promise<boolean> {
  if (!Types.ObjectId.isValid(expected.id)) return false;
  await connectToDatabase();
  const deletion: AccountDeletion = {
    requestedAt: now,
    by: by.adminId ? "admin" : "self",
    ...(by.adminId ? { adminId: new Types.ObjectId(by.adminId) } : {}),
    ...(expected.email ? { email: expected.email } : {}),
  };
  const email = expected.email === null ? { email: { $exists: false } } : { email: expected.email };
  const { matchedCount } = await UserModel.updateOne(
    { _id: expected.id, ...email, deletedAt: null },
    { $set: { disabledAt: now, deletedAt: now, deletion }, $unset: { email: 1 }, $inc: { sessionVersion: 1 } },
  ).exec();
  return matchedCount === 1;
}

/**
 * Takes back a mark nothing was removed after yet (the last two admins
 * deleting themselves at once: one mark is undone), only while it is still
 * the mark made at `markedAt`.
 */
export async function unmarkUserDeleted(expected: DeletionCandidate, markedAt: Date): Promise<void> {
  await connectToDatabase();
  const email = expected.email ? { $set: { email: expected.email, disabledAt: null, deletedAt: null } } : { $set: { disabledAt: null, deletedAt: null } };
  await UserModel.updateOne({ _id: expected.id, deletedAt: markedAt }, { ...email, $unset: { deletion: 1 } }).exec();
}

/** Accounts marked deleted whose removal has not finished (a scan: there are few, and FerretDB uses no index here anyway). */
export async function findMarkedDeletions(): Promise<{ id: string; deletion: AccountDeletion }[]> {
  await connectToDatabase();
  const marked = await UserModel.find({ deletedAt: { $ne: null } }, { deletion: 1 }).lean().exec();
  return marked.flatMap((user) => (user.deletion ? [{ id: user._id.toString(), deletion: user.deletion }] : []));
}

/** The last step: removes the marked document itself (never one that is not marked). True when it went now. */
export async function removeMarkedUser(id: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  await connectToDatabase();
  const { deletedCount } = await UserModel.deleteOne({ _id: id, deletedAt: { $ne: null } }).exec();
  return deletedCount === 1;
}
