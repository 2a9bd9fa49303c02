import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { PasskeyView } from "@/lib/two-factor/shared";
import * as passkeyOptionsRoute from "@/pages/api/auth/passkey/options";
import * as passkeysRoute from "@/pages/api/user/passkeys";
import * as registrationOptionsRoute from "@/pages/api/user/passkeys/options";
import { APP_ORIGIN, CookieJar, nextAuth } from "./auth";
import { callRoute, type CallResult } from "./http";
import { SoftwareAuthenticator } from "./webauthn";

/** Passkeys through the real routes: adding one in Settings, and NextAuth's `passkey` sign-in. */

export const SAME_ORIGIN = { origin: APP_ORIGIN };

type ErrorAnswer = { error?: { code: string; fields?: Record<string, string[]> } };

export function registrationOptions(jar: CookieJar) {
  return callRoute<PublicKeyCredentialCreationOptionsJSON & ErrorAnswer>(registrationOptionsRoute, { method: "POST", jar, headers: SAME_ORIGIN });
}

export function postPasskey(jar: CookieJar, body: unknown) {
  return callRoute<PasskeyView & ErrorAnswer>(passkeysRoute, { method: "POST", jar, json: body, headers: SAME_ORIGIN });
}

/** Registers a new software passkey for `jar`'s user, failing the test when the API refuses it. */
export async function addPasskey(jar: CookieJar, authenticator = new SoftwareAuthenticator(), name = "Test key") {
  const options = await registrationOptions(jar);
  if (options.status !== 200) throw new Error(`addPasskey: options answered ${options.status} ${options.text}`);
  const added = await postPasskey(jar, { response: authenticator.register(options.body), name });
  if (added.status !== 201) throw new Error(`addPasskey: POST answered ${added.status} ${added.text}`);
  return { authenticator, view: added.body };
}

/** `POST /api/auth/passkey/options` as the sign-in page (or the second step) calls it. */
export function signInOptions(jar: CookieJar) {
  return callRoute<PublicKeyCredentialRequestOptionsJSON & ErrorAnswer>(passkeyOptionsRoute, { method: "POST", jar, headers: SAME_ORIGIN });
}

/** NextAuth's `passkey` callback with `response` (as signIn("passkey", { response, redirect: false }) posts it): the `?error=` code, or null. */
export async function passkeySignIn(jar: CookieJar, response: unknown): Promise<{ error: string | null; result: CallResult }> {
  const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
  const result = await nextAuth("callback/passkey", {
    method: "POST",
    jar,
    form: { response: JSON.stringify(response), csrfToken, callbackUrl: `${APP_ORIGIN}/`, json: "true" },
  });
  return { error: new URL((result.body as { url: string }).url).searchParams.get("error"), result };
}
