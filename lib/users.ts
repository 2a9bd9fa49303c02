import { Types, type UpdateQuery } from "mongoose";
import { maskApiKeys, sealApiKey } from "@/lib/api-key-vault";
import { connectToDatabase } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/password";
import type { ApiKeyProvider, ApiKeysResponse, ApiKeysUpdate } from "@/lib/validations/api-keys";
import { normalizeEmail } from "@/lib/validations/email";
import type { MeResponse } from "@/lib/validations/user";
import { UserModel, type Role, type User, type UserDocument } from "@/models/User";

/** The password module's functions, so routes reach users and passwords through one layer. */
export { hashPassword, verifyPassword };

/**
 * The data access layer for users: the only code that queries UserModel. API
 * routes and NextAuth callbacks go through these functions, and each one
 * makes sure the shared connection is open first.
 *
 * Updates are `updateOne` followed by a read, not `findOneAndUpdate`: Mongoose
 * adds a projection for the hidden fields, and FerretDB does not implement
 * projections in findAndModify.
 */

/** What the API may show of a user: never the hash or the vault. */
export type PublicUser = MeResponse["user"];

/** `hasPassword` needs the hash selected (`withPasswordHash`); otherwise it reads false. */
export function toPublicUser(user: UserDocument): PublicUser {
  return {
    id: user._id.toString(),
    name: user.name ?? null,
    email: user.email,
    image: user.image ?? null,
    role: user.role ?? "user",
    emailVerified: user.emailVerified ? user.emailVerified.toISOString() : null,
    createdAt: (user.createdAt ?? user._id.getTimestamp()).toISOString(),
    hasPassword: Boolean(user.passwordHash),
  };
}

/** What a session carries of a user (the JWT, and what `authorize` hands to the jwt callback). */
export interface SessionUser {
  id: string;
  role: Role;
  name: string | null;
  email: string;
  image: string | null;
  sessionVersion: number;
}

export function toSessionUser(user: UserDocument): SessionUser {
  return {
    id: user._id.toString(),
    role: user.role ?? "user",
    name: user.name ?? null,
    email: user.email,
    image: user.image ?? null,
    sessionVersion: user.sessionVersion ?? 0,
  };
}

/**
 * The user with this email (in any letter case or Unicode form).
 * `withPasswordHash` selects the hash too (sign-in only).
 */
export async function getUser(email: string, { withPasswordHash = false } = {}): Promise<UserDocument | null> {
  await connectToDatabase();
  const query = UserModel.findOne({ email: normalizeEmail(email) });
  return (withPasswordHash ? query.select("+passwordHash") : query).exec();
}

/** The user with this id, or null for an unknown or malformed id. `withPasswordHash` selects the hash too. */
export async function getUserById(id: string, { withPasswordHash = false } = {}): Promise<UserDocument | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  await connectToDatabase();
  const query = UserModel.findById(id);
  return (withPasswordHash ? query.select("+passwordHash") : query).exec();
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

/** Profile fields a user may change themselves. */
export type UserUpdate = Partial<Pick<User, "name" | "image">>;

/** Applies a profile update; returns the user (hash selected, for `hasPassword`) or null when not found. */
export async function updateUser(email: string, update: UserUpdate): Promise<UserDocument | null> {
  await connectToDatabase();
  const filter = { email: normalizeEmail(email) };
  const set = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
  await UserModel.updateOne(filter, { $set: set }, { runValidators: true }).exec();
  return UserModel.findOne(filter).select("+passwordHash").exec();
}

/**
 * Sets a new password and bumps `sessionVersion`, which signs out every
 * device; the route re-authorises the device making the change
 * (`keepDeviceSignedIn` in lib/auth/device-sessions.ts). Returns the new sessionVersion.
 */
export async function changePassword(userId: Types.ObjectId, newPassword: string): Promise<number> {
  const [passwordHash] = await Promise.all([hashPassword(newPassword), connectToDatabase()]);
  await UserModel.updateOne({ _id: userId }, { $set: { passwordHash }, $inc: { sessionVersion: 1 } }).exec();
  const updated = await UserModel.findById(userId, { sessionVersion: 1 }).lean().exec();
  if (!updated) throw new Error("user vanished during a password change");
  return updated.sessionVersion ?? 0;
}

/** The user's vault, masked; null when there is no such user. */
export async function getApiKeys(email: string): Promise<ApiKeysResponse["apiKeys"] | null> {
  await connectToDatabase();
  const user = await UserModel.findOne({ email: normalizeEmail(email) }).select("+apiKeys").exec();
  return user ? maskApiKeys(user._id, user.apiKeys) : null;
}

/**
 * Sets (string) or removes (null) keys in the vault, encrypting each for its
 * owner and provider, and returns the vault masked; null when there is no such user.
 */
export async function updateApiKeys(email: string, keys: ApiKeysUpdate): Promise<ApiKeysResponse["apiKeys"] | null> {
  await connectToDatabase();
  const user = await UserModel.findOne({ email: normalizeEmail(email) }, { _id: 1 }).exec();
  if (!user) return null;

  const now = new Date();
  const update: UpdateQuery<User> = {};
  const set: Record<string, unknown> = {};
  const unset: Record<string, ""> = {};
  for (const [provider, value] of Object.entries(keys) as [ApiKeyProvider, string | null | undefined][]) {
    if (value === null) unset[`apiKeys.${provider}`] = "";
    else if (value !== undefined) set[`apiKeys.${provider}`] = sealApiKey(user._id, provider, value, now);
  }
  if (Object.keys(set).length > 0) update.$set = set;
  if (Object.keys(unset).length > 0) update.$unset = unset;

  await UserModel.updateOne({ _id: user._id }, update).exec();
  const updated = await UserModel.findById(user._id).select("+apiKeys").exec();
  return updated ? maskApiKeys(updated._id, updated.apiKeys) : null;
}
