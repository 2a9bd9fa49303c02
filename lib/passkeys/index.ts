import "#server-only";
import { ObjectId } from "mongodb";
import type { PasskeyView } from "@/lib/two-factor/shared";
import { passkeyDocs } from "./repository";

/** Passkeys (WebAuthn): registering, listing, signing in with one, and one as a second step. */

/** The user's passkeys, oldest first, as Settings lists them. */
export async function listPasskeyViews(userId: string): Promise<PasskeyView[]> {
  const docs = await (await passkeyDocs())
    .find({ userId: new ObjectId(userId) }, { projection: { name: 1, createdAt: 1, lastUsedAt: 1 }, sort: { createdAt: 1 } })
    .toArray();
  return docs.map((doc) => ({ id: doc._id, name: doc.name, createdAt: doc.createdAt.toISOString(), lastUsedAt: doc.lastUsedAt?.toISOString() ?? null }));
}

/** How many passkeys the user has (each is a way to sign in). */
export async function countPasskeys(userId: string): Promise<number> {
  return (await passkeyDocs()).countDocuments({ userId: new ObjectId(userId) });
}

/** Removes every passkey of the user (a reclaimed account, an admin's reset); how many there were. */
export async function removeAllPasskeysOf(userId: string): Promise<number> {
  return (await (await passkeyDocs()).deleteMany({ userId: new ObjectId(userId) })).deletedCount;
}
