import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/db";
import { hashPassword } from "@/lib/password";
import { normalizeEmail } from "@/lib/validations/email";
import { UserModel, type Role, type UserDocument } from "@/models/User";

/**
 * The data access layer for users: the only code that queries UserModel. API
 * routes and NextAuth callbacks go through these functions, and each one
 * makes sure the shared connection is open first.
 */

/** What the API may show of a user: never the hash. */
export interface PublicUser {
  id: string;
  name: string | null;
  email: string;
  image: string | null;
  role: Role;
  emailVerified: string | null;
  createdAt: string;
}

export function toPublicUser(user: UserDocument): PublicUser {
  return {
    id: user._id.toString(),
    name: user.name ?? null,
    email: user.email,
    image: user.image ?? null,
    role: user.role ?? "user",
    emailVerified: user.emailVerified ? user.emailVerified.toISOString() : null,
    createdAt: (user.createdAt ?? user._id.getTimestamp()).toISOString(),
  };
}

/** The user with this email (in any letter case or Unicode form), without the hash. */
export async function getUser(email: string): Promise<UserDocument | null> {
  await connectToDatabase();
  return UserModel.findOne({ email: normalizeEmail(email) }).exec();
}

/** The user with this email, including `passwordHash` (sign-in and password change only). */
export async function getUserWithPasswordHash(email: string): Promise<UserDocument | null> {
  await connectToDatabase();
  return UserModel.findOne({ email: normalizeEmail(email) }).select("+passwordHash").exec();
}

/** The user with this id, or null for an unknown or malformed id. */
export async function getUserById(id: string): Promise<UserDocument | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  await connectToDatabase();
  return UserModel.findById(id).exec();
}

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role?: Role;
}

/**
 * Creates a password account. A taken email fails with MongoDB's duplicate-key
 * error (the unique index decides, so two racing sign-ups cannot both win).
 */
export async function createUser({ name, email, password, role = "user" }: NewUser): Promise<UserDocument> {
  const [passwordHash] = await Promise.all([hashPassword(password), connectToDatabase()]);
  return UserModel.create({ name, email, passwordHash, role });
}

/** Replaces a user's hash with one at the current cost (after a successful sign-in). */
export async function setPasswordHash(userId: Types.ObjectId, passwordHash: string): Promise<void> {
  await connectToDatabase();
  await UserModel.updateOne({ _id: userId }, { $set: { passwordHash } }).exec();
}

/** Gives a user the admin role (the seed's promotion of an existing account). */
export async function promoteToAdmin(userId: Types.ObjectId): Promise<void> {
  await connectToDatabase();
  await UserModel.updateOne({ _id: userId }, { $set: { role: "admin" } }).exec();
}
