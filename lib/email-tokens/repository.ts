import "#server-only";
import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { VerificationTokenModel, type VerificationToken } from "@/models/VerificationToken";
import type { EmailTokenPurpose } from "./shared";

/** Email links' data access: the only code that queries VerificationTokenModel. */

export type StoredEmailToken = VerificationToken;

export type NewEmailToken = Omit<VerificationToken, "_id" | "createdAt">;

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
 * Deletes one token; true only for the one caller whose delete removed it.
 * That delete is what makes a link single-use, even when it is opened twice at once.
 */
export async function deleteEmailToken(id: Types.ObjectId): Promise<boolean> {
  await connectToDatabase();
  const result = await VerificationTokenModel.deleteOne({ _id: id }).exec();
  return result.deletedCount === 1;
}

/** Deletes every link of this purpose sent for this user (a newer one replaces them, or their purpose is done). */
export async function deleteEmailTokensOf(userId: string, purpose: EmailTokenPurpose): Promise<number> {
  if (!Types.ObjectId.isValid(userId)) return 0;
  await connectToDatabase();
  const result = await VerificationTokenModel.deleteMany({ userId: new Types.ObjectId(userId), purpose }).exec();
  return result.deletedCount;
}
