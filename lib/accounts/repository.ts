import "#server-only";
import { Types } from "mongoose";
import { collections } from "@/lib/core/collections";
import { connectToDatabase } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { AccountModel, type Account } from "@/models/Account";

/**
 * Linked provider accounts' data access for sign-in and email links: the
 * adapter inserts links (lib/auth/adapter.ts); reading, counting and removing
 * them for linking and resets happens here, always keyed by the owner's id.
 * Settings lists and disconnects a person's own through the data door
 * (lib/access; see connections.ts).
 */

registerIndexes(
  // A provider account links to one user at most.
  { collection: collections.accounts, key: { provider: 1, providerAccountId: 1 }, unique: true },
  { collection: collections.accounts, key: { userId: 1 } },
);

/** A user's linked accounts, oldest first. */
export async function listAccountsOf(userId: string): Promise<Account[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  await connectToDatabase();
  return AccountModel.find({ userId: new Types.ObjectId(userId) }).sort({ _id: 1 }).lean().exec();
}

/** The id of the user a provider account is linked to, or null. */
export async function findLinkedUserId(provider: string, providerAccountId: string): Promise<string | null> {
  await connectToDatabase();
  const account = await AccountModel.findOne({ provider, providerAccountId }).select("userId").lean().exec();
  return account ? account.userId.toString() : null;
}

/** Removes every link of the user; returns how many went. */
export async function deleteAllAccountLinks(userId: string): Promise<number> {
  if (!Types.ObjectId.isValid(userId)) return 0;
  await connectToDatabase();
  const result = await AccountModel.deleteMany({ userId: new Types.ObjectId(userId) }).exec();
  return result.deletedCount;
}

/**
 * Removes the user's links made at or after `since` (ObjectIds carry their
 * creation second; the adapter stores no other date); returns how many went.
 */
export async function deleteAccountLinksSince(userId: string, since: Date): Promise<number> {
  if (!Types.ObjectId.isValid(userId)) return 0;
  await connectToDatabase();
  const fromId = Types.ObjectId.createFromTime(Math.floor(since.getTime() / 1000));
  const result = await AccountModel.deleteMany({ userId: new Types.ObjectId(userId), _id: { $gte: fromId } }).exec();
  return result.deletedCount;
}
