import "#server-only";
import { Types } from "mongoose";
import { collections } from "@/lib/core/collections";
import { connectToDatabase } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { VerificationTokenModel, type VerificationToken } from "@/models/VerificationToken";
import type { EmailTokenPurpose } from "./shared";

/** Email links' data access: the only code that queries VerificationTokenModel. */

registerIndexes(
  // The adapter's own key.
  { collection: collections.verificationTokens, key: { identifier: 1, token: 1 }, unique: true },
  // Email links are looked up by their hash, and replaced per user and purpose.
  { collection: collections.verificationTokens, key: { token: 1 } },
  { collection: collections.verificationTokens, key: { userId: 1, purpose: 1 } },
  { collection: collections.verificationTokens, key: { expires: 1 }, expireAfterSeconds: 0 },
);

export type StoredEmailToken = VerificationToken;

export type NewEmailToken = Omit<VerificationToken, "_id" | "createdAt">;

/**
 * Deletes every token expired at `now`, this app's links and codes and
 * next-auth's sign-in links alike (all keep `expires`): the retention job.
 * Every read checks the expiry itself. How many went.
 */
export async function deleteExpiredEmailTokens(now: Date): Promise<number> {
  await connectToDatabase();
  return (await VerificationTokenModel.deleteMany({ expires: { $lte: now } }).exec()).deletedCount;
}

export async function insertEmailToken(token: NewEmailToken): Promise<void> {
  await connectToDatabase();
  await VerificationTokenModel.create(token);
}

/** The token with this hash and purpose, expired or not (the caller says which). */
export async function findEmailToken(hash: string, purpose: EmailTokenPurpose): Promise<StoredEmailToken | null> {
  await connectToDatabase();
  return VerificationTokenModel.findOne({ token: hash, purpose }).lean().exec();
}

/**
 * Whether a link of the same purpose was issued for the same user after this
 * one. ObjectIds order every insert totally, even two in the same second
 * from two processes, so of links issued at the same moment exactly one is newest.
 */
export async function hasNewerEmailToken(token: Pick<StoredEmailToken, "_id" | "userId" | "purpose">): Promise<boolean> {
  await connectToDatabase();
  return (await VerificationTokenModel.exists({ userId: token.userId, purpose: token.purpose, _id: { $gt: token._id } }).exec()) !== null;
}

/** Deletes the links of the same purpose issued for the same user before this one. */
export async function deleteOlderEmailTokens(token: Pick<StoredEmailToken, "_id" | "userId" | "purpose">): Promise<void> {
  await connectToDatabase();
  await VerificationTokenModel.deleteMany({ userId: token.userId, purpose: token.purpose, _id: { $lt: token._id } }).exec();
}

/** Whether an unexpired link of this purpose is about `email` (for any user). */
export async function hasLiveEmailTokenAbout(purpose: EmailTokenPurpose, email: string): Promise<boolean> {
  await connectToDatabase();
  return (await VerificationTokenModel.exists({ purpose, email, expires: { $gt: new Date() } }).exec()) !== null;
}

/** The user's unexpired links of this purpose, oldest first. */
export async function findLiveEmailTokensOf(userId: string, purpose: EmailTokenPurpose): Promise<StoredEmailToken[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  await connectToDatabase();
  const filter = { userId: new Types.ObjectId(userId), purpose, expires: { $gt: new Date() } };
  return VerificationTokenModel.find(filter).sort({ _id: 1 }).lean().exec();
}

/** The user's newest token of this purpose, expired or not (a code's answer says which). */
export async function findNewestEmailTokenOf(userId: string, purpose: EmailTokenPurpose): Promise<StoredEmailToken | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  await connectToDatabase();
  return VerificationTokenModel.findOne({ userId: new Types.ObjectId(userId), purpose }).sort({ _id: -1 }).lean().exec();
}

/**
 * Deletes one token; true only for the one caller whose delete removed it.
 * That delete is what makes a link single-use, even when it is opened twice at once.
 */
export async function deleteEmailToken(id: Types.ObjectId): Promise<boolean> {
  await connectToDatabase();
  const result = await VerificationTokenModel.deleteOne({ _id: id }).exec();
  return result.deletedCount === 1;
}

/**
 * Deletes every link of this purpose sent for this user (a newer one replaces
 * them, or their purpose is done); with `about`, only those about that address.
 */
export async function deleteEmailTokensOf(userId: string, purpose: EmailTokenPurpose, about?: { email: string }): Promise<number> {
  if (!Types.ObjectId.isValid(userId)) return 0;
  await connectToDatabase();
  const result = await VerificationTokenModel.deleteMany({ userId: new Types.ObjectId(userId), purpose, ...(about ? { email: about.email } : {}) }).exec();
  return result.deletedCount;
}

/**
 * Deletes every link sent for this user, whatever its purpose, and the
 * sign-in links NextAuth's email provider stored for `email` (its documents
 * carry the address as `identifier` and no user): a deleted account's.
 */
export async function deleteEveryEmailTokenOf(userId: string, email: string | null): Promise<number> {
  if (!Types.ObjectId.isValid(userId)) return 0;
  await connectToDatabase();
  const signInLinks = email ? [{ identifier: email, userId: { $exists: false } }] : [];
  const result = await VerificationTokenModel.deleteMany({ $or: [{ userId: new Types.ObjectId(userId) }, ...signInLinks] }).exec();
  return result.deletedCount;
}
