import "#server-only";
import { Types } from "mongoose";
import { collections } from "@/lib/core/collections";
import { connectToDatabase } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";
import { log } from "@/lib/core/log";
import { AccountModel, type Account } from "@/models/Account";
import { UserModel } from "@/models/User";

/**
 * Linked provider accounts' data access for sign-in and email links: the
 * adapter inserts links (lib/auth/adapter.ts); reading, counting and removing
 * them for linking and resets happens here, always keyed by the owner's id.
 * Settings lists and disconnects a person's own through the data door
 * (lib/access; see connections.ts). It also keeps the one field of `users`
 * derived from the links, `linkedProviders` (the admin list reads it): every
 * change of links here, in connections.ts and in the adapter ends with
 * `syncLinkedProviders`.
 */

registerIndexes(
  // A provider account links to one user at most.
  { collection: collections.accounts, key: { provider: 1, providerAccountId: 1 }, unique: true },
  { collection: collections.accounts, key: { userId: 1 } },
  // The admin list's filter by provider, and the walk by id through users from before the field (./legacy-users.ts).
  { collection: collections.users, key: { linkedProviders: 1, _id: 1 } },
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
  await syncLinkedProviders(userId);
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
  await syncLinkedProviders(userId);
  return result.deletedCount;
}

/** The distinct providers of `links`, by user id, oldest link first (`links` sorted by `_id`). */
function providersByUser(links: Pick<Account, "userId" | "provider">[]): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const { userId, provider } of links) {
    const providers = byUser.get(userId.toString()) ?? [];
    if (!providers.includes(provider)) providers.push(provider);
    byUser.set(userId.toString(), providers);
  }
  return byUser;
}

/** The providers linked to each of `userIds` (none: absent), in one read. */
export async function linkedProvidersOf(userIds: Types.ObjectId[]): Promise<Map<string, string[]>> {
  await connectToDatabase();
  const links = await AccountModel.find({ userId: { $in: userIds } }).select("userId provider").sort({ _id: 1 }).lean().exec();
  return providersByUser(links);
}

/** Writes of `linkedProviders` a sync may make before it gives up on links that keep changing. */
const SYNC_WRITES = 3;

const sameProviders = (a: readonly string[], b: readonly string[] | undefined) => b !== undefined && a.length === b.length && a.every((provider, at) => provider === b[at]);

/**
 * Recomputes the user's `linkedProviders` from their links: reads both and,
 * when they differ, `$set`s the whole list, then reads again. A whole list,
 * not `$addToSet`/`$pull` steps, so a repeat or a late run still leaves the
 * truth; the read after the write repairs what a concurrent change did
 * meanwhile (another sync that read the links before this one's change, or an
 * update of the user that FerretDB v1 applied over this one). Nothing to do
 * for a user who is gone.
 */
export async function syncLinkedProviders(userId: string): Promise<void> {
  if (!Types.ObjectId.isValid(userId)) return;
  await connectToDatabase();
  const _id = new Types.ObjectId(userId);
  for (let writes = 0; ; writes += 1) {
    const [links, user] = await Promise.all([
      AccountModel.find({ userId: _id }).select("userId provider").sort({ _id: 1 }).lean().exec(),
      UserModel.findById(_id).select("linkedProviders").lean().exec(),
    ]);
    const providers = providersByUser(links).get(userId) ?? [];
    if (!user || sameProviders(providers, user.linkedProviders)) return;
    if (writes === SYNC_WRITES) {
      log.warn("accounts.linked_providers_unsettled", { userId });
      return;
    }
    // Not a change of the account's own data: `updatedAt` stays.
    await UserModel.updateOne({ _id }, { $set: { linkedProviders: providers } }, { timestamps: false }).exec();
  }
}

/**
 * Up to `limit` users without `linkedProviders` (from before the field), by
 * id after `afterId`, with their recorded last sign-in if any.
 */
export async function usersWithoutLinkedProviders(afterId: Types.ObjectId | null, limit: number) {
  await connectToDatabase();
  const after = afterId ? { _id: { $gt: afterId } } : {};
  return UserModel.find({ linkedProviders: { $exists: false }, ...after })
    .select("lastSignInAt")
    .sort({ _id: 1 })
    .limit(limit)
    .lean<{ _id: Types.ObjectId; lastSignInAt?: Date }[]>()
    .exec();
}

/** What a user from before `linkedProviders` gets: the list, and a last sign-in from the audit trail when one is known. */
interface LegacyUserFill {
  _id: Types.ObjectId;
  linkedProviders: string[];
  lastSignInAt: Date | null;
}

/**
 * Stores `fills`, in one command. Each write is conditional on the field being
 * still unset, so a sign-in or a sync that got there first wins; the
 * `linkedProviders` writes come last, as they mark a user done (a crash
 * before them leaves the user to the next run).
 */
export async function storeLegacyUserFills(fills: LegacyUserFill[]): Promise<void> {
  if (fills.length === 0) return;
  await connectToDatabase();
  // The driver's bulk write: Mongoose's would stamp `updatedAt`, which this fill does not change.
  await UserModel.collection.bulkWrite(
    [
      ...fills.flatMap(({ _id, lastSignInAt }) => (lastSignInAt ? [{ updateOne: { filter: { _id, lastSignInAt: null }, update: { $set: { lastSignInAt } } } }] : [])),
      ...fills.map(({ _id, linkedProviders }) => ({ updateOne: { filter: { _id, linkedProviders: { $exists: false } }, update: { $set: { linkedProviders } } } })),
    ],
    { ordered: true },
  );
}
