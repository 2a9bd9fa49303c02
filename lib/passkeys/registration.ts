import "#server-only";
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { Binary, ObjectId } from "mongodb";
import { recordAuthEvent, type AuthEventOrigin } from "@/lib/audit";
import { HttpError, isDuplicateKeyError } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import type { PasskeyView } from "@/lib/two-factor/shared";
import { CHALLENGE_SECONDS, issueChallenge, spendChallenge } from "./challenges";
import { passkeyErrors } from "./errors";
import { knownTransports } from "./transports";
import { challengeOf, relyingParty } from "./relying-party";
import { passkeyDocs } from "./repository";
import type { z } from "zod";
import type { registrationResponseSchema } from "./shared";

/** Passkeys one account may hold: plenty for every device a person owns, and a bound on what a stolen session can add. */
const MAX_PASSKEYS = 20;

/** Who is adding a passkey, as the authenticator will label it. */
interface PasskeyOwner {
  id: string;
  email: string | null;
  name: string | null;
}

async function assertRoomForOneMore(userId: string): Promise<void> {
  if ((await (await passkeyDocs()).countDocuments({ userId: new ObjectId(userId) })) >= MAX_PASSKEYS) {
    throw HttpError.conflict(`An account can have at most ${MAX_PASSKEYS} passkeys. Remove one first.`);
  }
}

/**
 * The options `startRegistration` needs. A discoverable credential
 * (residentKey required), so the passkey alone can sign in without an email
 * typed first; user verification required, because a passkey sign-in is
 * complete by itself (the device's PIN or biometric is the second factor) and
 * a credential that cannot verify its user could never be used here. The
 * user's passkeys are excluded, so one authenticator is not registered twice.
 */
export async function passkeyRegistrationOptions(owner: PasskeyOwner): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await assertRoomForOneMore(owner.id);
  const { rpName, rpID } = relyingParty();
  const existing = await (await passkeyDocs()).find({ userId: new ObjectId(owner.id) }, { projection: { transports: 1 } }).toArray();
  const label = owner.email ?? owner.name ?? "KeyForge account";
  return generateRegistrationOptions({
    rpName,
    rpID,
    userName: label,
    userDisplayName: owner.name ?? label,
    // The user handle is the account's id (12 bytes, nothing personal): a discoverable sign-in names the account with it.
    userID: new Uint8Array(new ObjectId(owner.id).id),
    challenge: await issueChallenge("registration", owner.id),
    timeout: CHALLENGE_SECONDS * 1000,
    attestationType: "none",
    excludeCredentials: existing.map((doc) => ({ id: doc._id, transports: knownTransports(doc.transports) })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
}

type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

/**
 * Stores the passkey `response` proves, after its challenge (issued to this
 * user for a registration) is spent: the public key, counter, transports
 * and whether it is synced. Audited, and the owner is told by email.
 */
export async function addPasskey(userId: string, response: RegistrationResponse, name: string, origin: AuthEventOrigin): Promise<PasskeyView> {
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge || !(await spendChallenge(challenge, "registration", userId))) throw passkeyErrors.notRecognized();
  await assertRoomForOneMore(userId);
  const { rpID, origin: expectedOrigin } = relyingParty();
  const verification = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin, expectedRPID: rpID, requireUserVerification: true }).catch(
    () => null,
  );
  if (!verification?.verified) throw passkeyErrors.notRecognized();
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const createdAt = new Date();
  try {
    await (await passkeyDocs()).insertOne({
      _id: credential.id,
      userId: new ObjectId(userId),
      name,
      publicKey: new Binary(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      createdAt,
      lastUsedAt: null,
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw HttpError.conflict("This passkey is already registered");
    throw error;
  }
  await recordAuthEvent({ type: "passkey.added", userId, ...origin });
  await sendSecurityNotice(userId, { kind: "passkey-added", name }, origin.context);
  return { id: credential.id, name, createdAt: createdAt.toISOString(), lastUsedAt: null };
}
