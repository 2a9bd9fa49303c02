import "#server-only";
import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { UserModel, type StoredApiKey, type StoredApiKeys } from "@/models/User";
import { API_KEY_PROVIDERS, type ApiKeyProvider } from "./shared";

export type { StoredApiKey, StoredApiKeys };

/**
 * The vault's data access for key rotation: the `apiKeys` field of a user
 * document, which no other read selects (it is `select: false` on UserModel).
 * A signed-in person's own vault is read and written through the data door
 * (lib/access; see api-keys.ts and server-use.ts).
 */

/** One user's stored (encrypted) keys. */
export interface Vault {
  userId: Types.ObjectId;
  apiKeys: StoredApiKeys | undefined;
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
