import "#server-only";
import { generateAuthenticationOptions, verifyAuthenticationResponse, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { ObjectId } from "mongodb";
import type { z } from "zod";
import { recordAuthEvent } from "@/lib/audit";
import type { RequestContext } from "@/lib/http";
import { CHALLENGE_SECONDS, issueChallenge, spendChallenge } from "./challenges";
import { challengeOf, relyingParty } from "./relying-party";
import { passkeyDocs, type Ceremony, type PasskeyDoc } from "./repository";
import type { authenticationResponseSchema } from "./shared";
import { knownTransports } from "./transports";

type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;

/**
 * The options `startAuthentication` needs. With no user, allowCredentials is
 * empty: the browser offers whichever of this site's discoverable passkeys
 * it holds (a sign-in, or the autofill's). With a user (the second step of
 * their pending sign-in, or their step-up) it lists their passkeys, and the
 * challenge is bound to them. User verification is required, as at registration.
 */
export async function passkeyAuthenticationOptions(ceremony: Exclude<Ceremony, "registration">, userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty();
  const passkeys = userId ? await (await passkeyDocs()).find({ userId: new ObjectId(userId) }, { projection: { transports: 1 } }).toArray() : [];
  return generateAuthenticationOptions({
    rpID,
    challenge: await issueChallenge(ceremony, userId),
    timeout: CHALLENGE_SECONDS * 1000,
    userVerification: "required",
    allowCredentials: passkeys.map((doc) => ({ id: doc._id, transports: knownTransports(doc.transports) })),
  });
}

/** A verified answer: whose passkey it was. */
type PasskeyCheck = { ok: true; userId: string } | { ok: false; problem: "not-recognized" } | { ok: false; problem: "counter"; userId: string };

/** The signature counter in authenticatorData (bytes 33–36, big-endian), or null when it is too short to hold one. */
function counterOf(authenticatorData: string): number | null {
  const bytes = Buffer.from(authenticatorData, "base64url");
  return bytes.length >= 37 ? bytes.readUInt32BE(33) : null;
}

/**
 * An authenticator that keeps a counter must show a larger one each time; a
 * smaller or equal one means two copies of its key exist. Synced passkeys
 * keep none and always say 0, so 0 after 0 is accepted.
 */
function counterIsAcceptable(stored: number, reported: number): boolean {
  return (stored === 0 && reported === 0) || reported > stored;
}

/** True when the answer's user handle (if it gave one) names the passkey's owner, as registration set it. */
function userHandleMatches(response: AuthenticationResponse, passkey: PasskeyDoc): boolean {
  const handle = response.response.userHandle;
  return handle === undefined || handle === Buffer.from(passkey.userId.id).toString("base64url");
}

/**
 * Checks a passkey's assertion: its challenge, issued for `ceremony` (and to
 * `userId`, for a step-up), is spent first, so an answer is never accepted
 * twice; then the passkey is found by its id (and must be `userId`'s when
 * given), its signature checked with user verification required, and its
 * counter (after the signature, so nobody without the key can trigger the
 * counter's audit). A counter that went backwards refuses the sign-in and is
 * audited; otherwise the counter and last use are saved.
 */
export async function checkPasskeyAssertion(
  response: AuthenticationResponse,
  { ceremony, userId, context }: { ceremony: Exclude<Ceremony, "registration">; userId?: string; context: RequestContext },
): Promise<PasskeyCheck> {
  const notRecognized = { ok: false, problem: "not-recognized" } as const;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge || !(await spendChallenge(challenge, ceremony, ceremony === "reauth" ? userId : undefined))) return notRecognized;
  const docs = await passkeyDocs();
  const passkey = await docs.findOne({ _id: response.id });
  if (!passkey || (userId !== undefined && passkey.userId.toString() !== userId) || !userHandleMatches(response, passkey)) return notRecognized;
  const reported = counterOf(response.response.authenticatorData);
  const { rpID, origin } = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    // The library's own counter rule is the same, but runs before the signature check: ours runs after it.
    credential: { id: passkey._id, publicKey: new Uint8Array(passkey.publicKey.buffer), counter: 0, transports: knownTransports(passkey.transports) },
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified || reported === null) return notRecognized;
  const owner = passkey.userId.toString();
  if (!counterIsAcceptable(passkey.counter, reported)) {
    await recordAuthEvent({ type: "signin.failed", reason: "passkey_counter", userId: owner, context });
    return { ok: false, problem: "counter", userId: owner };
  }
  const { credentialBackedUp } = verification.authenticationInfo;
  await docs.updateOne({ _id: passkey._id }, { $set: { counter: reported, lastUsedAt: new Date(), backedUp: credentialBackedUp } });
  return { ok: true, userId: owner };
}
