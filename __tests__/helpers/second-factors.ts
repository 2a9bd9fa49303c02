import { randomBytes } from "node:crypto";
import type { ObjectId } from "mongodb";
import { generate } from "otplib";
import { passkeyDocs } from "@/lib/passkeys/repository";
import { beginTotpSetup, confirmTotpSetup } from "@/lib/two-factor";

/**
 * Second factors put on an account directly, for tests of what follows from
 * having one (the admin rule, an admin's reset), not of how they are set up.
 */

/** Turns the authenticator app on for `userId` with a code of the current time step (then spent); the secret. */
export async function enableTotp(userId: string, label = "test"): Promise<string> {
  const { secret } = await beginTotpSetup(userId, label);
  if (!(await confirmTotpSetup(userId, await generate({ secret })))) throw new Error("enableTotp: the code was refused");
  return secret;
}

/** Stores a passkey for `userId` as a registration would (the key itself is never checked here). */
export async function addPasskey(userId: ObjectId, name = "Laptop"): Promise<void> {
  await (await passkeyDocs()).insertOne({
    _id: randomBytes(16).toString("base64url"),
    userId,
    name,
    publicKey: randomBytes(77),
    counter: 0,
    transports: ["internal"],
    deviceType: "multiDevice",
    backedUp: true,
    createdAt: new Date(),
    lastUsedAt: null,
  });
}
