import "#server-only";
import type { Binary, ObjectId } from "mongodb";
import { collections } from "@/lib/core/collections";
import { getDb } from "@/lib/core/db";
import { registerIndexes } from "@/lib/core/indexes";

registerIndexes(
  { collection: collections.passkeys, key: { userId: 1, createdAt: 1 } },
  { collection: collections.webauthnChallenges, key: { expiresAt: 1 }, expireAfterSeconds: 0 },
);

/**
 * One passkey (a WebAuthn credential): `_id` is its credential id
 * (base64url), which is what an authenticator's answer names, so a sign-in
 * finds it by key.
 */
export interface PasskeyDoc {
  _id: string;
  userId: ObjectId;
  /** The owner's name for it ("MacBook", "YubiKey"). */
  name: string;
  /** The COSE public key the signature is checked with (the driver reads binary data back as a Binary, not a Buffer). */
  publicKey: Binary;
  /** The authenticator's signature counter at its last use (0 for synced passkeys, which keep none). */
  counter: number;
  /** How the browser can reach it (usb, nfc, ble, internal, hybrid), as it said at registration. */
  transports: string[];
  /** Bound to one device, or synced between devices (a backup-eligible credential). */
  deviceType: "singleDevice" | "multiDevice";
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function passkeyDocs() {
  return (await getDb()).collection<PasskeyDoc>(collections.passkeys);
}

/** What a challenge was issued for: adding a passkey, signing in with one, or confirming it is you (step-up). */
export type Ceremony = "registration" | "authentication" | "reauth";

/**
 * A challenge the server issued and has not seen answered: `_id` is the
 * challenge itself (base64url), which the authenticator's clientDataJSON
 * echoes, so an answer finds it by key. Spent once, and dead after expiresAt.
 */
interface WebauthnChallengeDoc {
  _id: string;
  ceremony: Ceremony;
  /** Whose ceremony it is; null for a discoverable sign-in, where nobody is known yet. */
  userId: ObjectId | null;
  expiresAt: Date;
}

export async function challengeDocs() {
  return (await getDb()).collection<WebauthnChallengeDoc>(collections.webauthnChallenges);
}
