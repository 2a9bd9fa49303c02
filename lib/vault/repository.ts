import "#server-only";
import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { UserModel, type StoredApiKey, type StoredApiKeys } from "@/models/User";
import { API_KEY_PROVIDERS, type ApiKeyProvider } from "./shared";

export type { StoredApiKey, StoredApiKeys };

/**
 * The vault's data access: the `apiKeys` field of a user document, which no
 * other read selects (it is `select: false` on UserModel). With the users
 * feature's repository, the only code that queries UserModel.
 */

interface Vault {
  userId: Types.ObjectId;
  apiKeys: StoredApiKeys | undefined;
}

/** The user's stored (encrypted) keys, or null when there is no such user. */
export async function findVault(userId: string): Promise<Vault | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  await connectToDatabase();
  const user = await UserModel.findById(userId).select("+apiKeys").lean().exec();
  return user ? { userId: user._id, apiKeys: user.apiKeys } : null;
}

/** Stores sealed entries and removes others in one update; false when there is no such user. */
export async function writeVault(
  userId: string,
  changes: { set: Partial<Record<ApiKeyProvider, StoredApiKey>>; remove: ApiKeyProvider[] },
): Promise<boolean> {
  if (!Types.ObjectId.isValid(userId)) return false;
  await connectToDatabase();
  const set = Object.fromEntries(Object.entries(changes.set).map(([provider, stored]) => [`apiKeys.${provider}`, stored]));
  const unset = Object.fromEntries(changes.remove.map((provider) => [`apiKeys.${provider}`, ""]));
  const update = {
    ...(Object.keys(set).length > 0 ? { $set: set } : {}),
    ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
  };
  const result = await UserModel.updateOne({ _id: userId }, update).exec();
  return result.matchedCount === 1;
}

/**
 * Every vault holding a value made by a key other than `currentKeyId`, oldest
 * user first, streamed through a cursor in batches (never all in memory).
 */
export async function* vaultsOnOlderKeys(currentKeyId: string, batchSize: number): AsyncGenerator<Vault> {
  await connectToDatabase();
  const onOlderKey = {
    $or: API_KEY_PROVIDERS.map((provider) => ({ [`apiKeys.${provider}.keyId`]: { $exists: true, $ne: currentKeyId } })),
  };
  const cursor = UserModel.find(onOlderKey).select("+apiKeys").sort({ _id: 1 }).lean().cursor({ batchSize });
  for await (const user of cursor) yield { userId: user._id, apiKeys: user.apiKeys };
}

/**
 * Replaces entries with re-encrypted ones, each only if its IV is still the
 * one that was read (so a key the user replaced meanwhile is not overwritten).
 * True when the write happened. Leaves `updatedAt` of the user alone.
 */
export async function replaceVaultEntries(
  userId: Types.ObjectId,
  replacements: Partial<Record<ApiKeyProvider, { previousIv: string; stored: StoredApiKey }>>,
): Promise<boolean> {
  const entries = Object.entries(replacements);
  const set = Object.fromEntries(entries.map(([provider, entry]) => [`apiKeys.${provider}`, entry.stored]));
  const unchanged = Object.fromEntries(entries.map(([provider, entry]) => [`apiKeys.${provider}.iv`, entry.previousIv]));
  const result = await UserModel.updateOne({ _id: userId, ...unchanged }, { $set: set }, { timestamps: false }).exec();
  return result.modifiedCount === 1;
}
