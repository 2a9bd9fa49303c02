import "#server-only";
import { Types } from "mongoose";
import { forUser, type DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { collections } from "@/lib/core/collections";
import { registerIndexes } from "@/lib/core/indexes";
import { HttpError, isDuplicateKeyError } from "@/lib/http";
import type { ProcessedAvatar } from "./image";
import { assertMayChangeAvatar } from "./upload";
import { avatarUrl } from "./shared";

/**
 * Stored pictures (`avatars`, one per user, `_id` the user's id), read and
 * written through the data door: the owner changes theirs, anyone reads one.
 */

registerIndexes(
  // A revalidation (If-None-Match) reads only the version, from the index, not the picture.
  { collection: collections.avatars, key: { _id: 1, hash: 1 } },
);

/**
 * Stores `avatar` as the signed-in user's picture and points their `image` at
 * it; returns that URL. 404 when the account is gone (the picture goes too).
 */
export async function saveAvatar(data: DataAccess, avatar: ProcessedAvatar): Promise<string> {
  assertMayChangeAvatar(data);
  const id = ownId(data);
  const fields = { data: avatar.data, hash: avatar.hash, size: avatar.size, updatedAt: new Date() };
  if (!(await data.avatars.updateOne({ _id: id }, { $set: fields }))) {
    try {
      await data.avatars.create({ _id: new Types.ObjectId(id), ...fields });
    } catch (error) {
      // Two first uploads at once: the other created it, this one replaces it.
      if (!isDuplicateKeyError(error)) throw error;
      await data.avatars.updateOne({ _id: id }, { $set: fields });
    }
  }
  const image = avatarUrl(id, avatar.hash);
  if (!(await data.users.updateOne({ _id: id }, { $set: { image } }))) {
    await data.avatars.deleteOne({ _id: id });
    throw HttpError.accountNotFound();
  }
  return image;
}

/** Deletes the signed-in user's stored picture, and their `image` with it when it shows that picture (not a link of theirs). */
export async function removeAvatar(data: DataAccess): Promise<void> {
  assertMayChangeAvatar(data);
  const id = ownId(data);
  await data.avatars.deleteOne({ _id: id });
  await data.users.updateOne({ _id: id, image: { $regex: `^/api/avatars/${id}\\?` } }, { $set: { image: null } });
}

/**
 * Removes an uploaded picture when its account is reclaimed for the proven
 * owner of its address (lib/email-flows/reclaim.ts), as the owner would;
 * whether there was one to remove.
 */
export async function discardAvatar(userId: string): Promise<boolean> {
  if ((await findAvatarVersion(userId)) === null) return false;
  await removeAvatar(forUser({ id: userId, role: "user" }));
  return true;
}

/** A user's picture as it is served, for anyone; null when they have none (or `userId` is no id). */
export async function findAvatar(userId: string): Promise<{ data: Buffer; hash: string } | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  const avatar = await forUser(null).avatars.findOne({ _id: userId }, { select: ["data", "hash"] });
  // The driver hands stored bytes back as BSON Binary (lean reads), which is not a Buffer.
  return avatar && { hash: avatar.hash, data: Buffer.from(bytesOf(avatar.data)) };
}

/** Only the version of a user's picture (to answer a revalidation without reading the picture). */
export async function findAvatarVersion(userId: string): Promise<string | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  const avatar = await forUser(null).avatars.findOne({ _id: userId }, { select: ["hash"] });
  return avatar?.hash ?? null;
}

/** The bytes of a Buffer, or of the BSON Binary a lean read returns for one. */
function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "object" && value !== null && "buffer" in value && value.buffer instanceof Uint8Array) return value.buffer;
  throw new Error("A stored picture is not binary data");
}
