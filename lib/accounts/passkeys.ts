import "#server-only";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { z } from "zod";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { recordAuthEvent } from "@/lib/audit";
import { HttpError, type RequestContext } from "@/lib/http";
import { addPasskey, checkPasskeyAssertion, countPasskeys, deletePasskey, passkeyErrors, passkeyAuthenticationOptions, passkeyRegistrationOptions, renamePasskey } from "@/lib/passkeys";
import type { addPasskeySchema, passkeyReauthSchema } from "@/lib/passkeys/shared";
import { assertRecentAuthentication } from "@/lib/sessions";
import type { PasskeyView } from "@/lib/two-factor/shared";
import { accountErrors } from "./errors";
import { ownSignInMethods, type DisconnectCaller } from "./connections";
import { signInMethodsOf } from "./sign-in-methods";

/**
 * The signed-in user's passkeys, as Settings changes them: a passkey is a
 * way into the account, so adding or removing one follows the rules of
 * connecting or disconnecting a provider (a recent sign-in; never the last
 * way in), and an admin viewing as the user changes none.
 */

function assertOwner(data: DataAccess): string {
  if (data.actor?.impersonatedBy) throw HttpError.forbidden("Only the account's owner can use or change its passkeys.");
  return ownId(data);
}

/** `POST /api/user/passkeys/options`: registration options, after a recent sign-in. */
export async function startAddingPasskey(data: DataAccess, authTime: number): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const userId = assertOwner(data);
  assertRecentAuthentication(authTime);
  const { user } = await ownSignInMethods(data);
  return passkeyRegistrationOptions({ id: userId, email: user.email ?? null, name: user.name ?? null });
}

/** `POST /api/user/passkeys`: the new passkey, once its attestation verifies against a challenge issued to this user. */
export async function finishAddingPasskey(data: DataAccess, caller: DisconnectCaller, body: z.infer<typeof addPasskeySchema>): Promise<PasskeyView> {
  const userId = assertOwner(data);
  return addPasskey(userId, body.response, body.name, { context: caller.context, deviceSessionId: caller.deviceSessionId });
}

/** `PATCH /api/user/passkeys/:id`. */
export async function renameOwnPasskey(data: DataAccess, passkeyId: string, name: string): Promise<PasskeyView> {
  return renamePasskey(assertOwner(data), passkeyId, name);
}

/**
 * `DELETE /api/user/passkeys/:id`: a recent sign-in (403 REAUTH_REQUIRED),
 * never the last way in (409 LAST_SIGN_IN_METHOD), 404 when the user has no
 * passkey by that id.
 */
export async function removePasskey(data: DataAccess, caller: DisconnectCaller, passkeyId: string): Promise<void> {
  const userId = assertOwner(data);
  assertRecentAuthentication(caller.authTime);
  const [{ user, links }, passkeys] = await Promise.all([ownSignInMethods(data), countPasskeys(userId)]);
  const providers = links.map((link) => link.provider);
  if (signInMethodsOf({ hasPassword: user.hasPassword, providers, passkeys: passkeys - 1 }).length === 0) throw accountErrors.lastSignInMethod();
  if (!(await deletePasskey(userId, passkeyId))) throw passkeyErrors.notFound();
  await recordAuthEvent({ type: "passkey.removed", userId, deviceSessionId: caller.deviceSessionId, context: caller.context });
}

/** `POST /api/user/passkeys/reauth-options`: a step-up's options, for the user's own passkeys; 404 when they have none. */
export async function startPasskeyReauth(data: DataAccess): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const userId = assertOwner(data);
  if ((await countPasskeys(userId)) === 0) throw HttpError.notFound("This account has no passkeys");
  return passkeyAuthenticationOptions("reauth", userId);
}

/**
 * A step-up with a passkey (`POST /api/user/reauth { passkey }`): the answer
 * must verify against a "reauth" challenge issued to this user, with one of
 * their passkeys; 400 PASSKEY_NOT_RECOGNIZED otherwise.
 */
export async function confirmWithPasskey(data: DataAccess, { passkey }: z.infer<typeof passkeyReauthSchema>, context: RequestContext): Promise<void> {
  // A view is never a recent sign-in of the user's, whatever the admin holds.
  const userId = assertOwner(data);
  const check = await checkPasskeyAssertion(passkey, { ceremony: "reauth", userId, context });
  if (!check.ok) throw passkeyErrors.notRecognized();
  await recordAuthEvent({ type: "passkey.used", userId, context });
}
