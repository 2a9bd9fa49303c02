import "#server-only";
import { ObjectId } from "mongodb";
import type { PasskeyView } from "@/lib/two-factor/shared";
import { passkeyErrors } from "./errors";
import { challengeDocs, passkeyDocs, type PasskeyDoc } from "./repository";

export { checkPasskeyAssertion, passkeyAuthenticationOptions } from "./authentication";
export { deleteExpiredChallenges } from "./challenges";
export { passkeyErrors } from "./errors";
export { addPasskey, passkeyRegistrationOptions } from "./registration";

/** Passkeys (WebAuthn): registering, listing, signing in with one, and one as a second step. */

/** The user's passkeys, oldest first, as Settings lists them. */
export async function listPasskeyViews(userId: string): Promise<PasskeyView[]> {
  const docs = await (await passkeyDocs())
    .find({ userId: new ObjectId(userId) }, { projection: { name: 1, createdAt: 1, lastUsedAt: 1 }, sort: { createdAt: 1 } })
    .toArray();
  return docs.map(toPasskeyView);
}

function toPasskeyView(doc: Pick<PasskeyDoc, "_id" | "name" | "createdAt" | "lastUsedAt">): PasskeyView {
  return { id: doc._id, name: doc.name, createdAt: doc.createdAt.toISOString(), lastUsedAt: doc.lastUsedAt?.toISOString() ?? null };
}

/** Renames one of the user's passkeys; 404 when the user has none by that id. */
export async function renamePasskey(userId: string, passkeyId: string, name: string): Promise<PasskeyView> {
  const doc = await (await passkeyDocs()).findOneAndUpdate(
    { _id: passkeyId, userId: new ObjectId(userId) },
    { $set: { name } },
    // No projection: FerretDB does not implement one on findAndModify.
    { returnDocument: "after" },
  );
  if (!doc) throw passkeyErrors.notFound();
  return toPasskeyView(doc);
}

/** Removes one of the user's passkeys: false when the user has none by that id. */
export async function deletePasskey(userId: string, passkeyId: string): Promise<boolean> {
  return (await (await passkeyDocs()).deleteOne({ _id: passkeyId, userId: new ObjectId(userId) })).deletedCount === 1;
}

/** How many passkeys the user has (each is a way to sign in). */
export async function countPasskeys(userId: string): Promise<number> {
  return (await passkeyDocs()).countDocuments({ userId: new ObjectId(userId) });
}

/**
 * Removes every passkey of the user (a reclaimed account, an admin's reset, a
 * deleted account), and the challenges issued for them, so no ceremony begun
 * before can finish; how many passkeys there were.
 */
export async function removeAllPasskeysOf(userId: string): Promise<number> {
  const owner = { userId: new ObjectId(userId) };
  const [removed] = await Promise.all([(await passkeyDocs()).deleteMany(owner), (await challengeDocs()).deleteMany(owner)]);
  return removed.deletedCount;
}
