import "client-only";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import type { PasskeyView } from "@/lib/two-factor/shared";
import { safeCallbackPath, signInErrorMessage } from "@/lib/auth/shared";
import { ApiError, sendJson } from "./api-client";

/**
 * Passkeys in the browser: adding one in Settings, signing in with one (a
 * button, the email field's autofill, or the second step), and confirming it
 * is you. @simplewebauthn/browser is imported only when a ceremony starts, so
 * no page carries it until a passkey is used.
 */

/** The code of an ApiError for a ceremony the browser ended (cancelled, timed out, or not possible here). */
export const PASSKEY_CEREMONY_FAILED = "PASSKEY_CEREMONY_FAILED";

/** The browser's refusal as an ApiError whose message says what to do. */
function ceremonyError(error: unknown): ApiError {
  const name = error instanceof Error ? error.name : "";
  const message =
    name === "NotAllowedError" || name === "AbortError"
      ? "The passkey request was cancelled or timed out. Try again when you are ready."
      : name === "InvalidStateError"
        ? "This device already holds a passkey for your account."
        : "This browser could not use a passkey. Try another device or another way.";
  return new ApiError(0, PASSKEY_CEREMONY_FAILED, message);
}

/** True when the browser can offer passkeys in the email field's autofill (conditional mediation). */
export async function passkeyAutofillAvailable(): Promise<boolean> {
  if (typeof window === "undefined" || !window.PublicKeyCredential?.isConditionalMediationAvailable) return false;
  return window.PublicKeyCredential.isConditionalMediationAvailable().catch(() => false);
}

/** Settings: asks the authenticator for a new passkey named `name`, and stores it (`POST /api/user/passkeys`). */
export async function registerPasskey(name: string): Promise<PasskeyView> {
  const optionsJSON = await sendJson<PublicKeyCredentialCreationOptionsJSON>("/api/user/passkeys/options", "POST");
  const { startRegistration } = await import("@simplewebauthn/browser");
  const response = await startRegistration({ optionsJSON }).catch((error: unknown) => {
    throw ceremonyError(error);
  });
  return sendJson<PasskeyView>("/api/user/passkeys", "POST", { response, name });
}

/**
 * Signs in with a passkey (alone, or as the second step: the options call
 * carries the pending sign-in's cookie by itself) and returns where to go
 * next. `autofill` waits for the person to pick a passkey in the email
 * field's suggestions instead of opening a prompt.
 */
export async function signInWithPasskey(callbackUrl: string, { autofill = false } = {}): Promise<string> {
  const optionsJSON = await sendJson<PublicKeyCredentialRequestOptionsJSON>("/api/auth/passkey/options", "POST");
  const { startAuthentication } = await import("@simplewebauthn/browser");
  const response = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill }).catch((error: unknown) => {
    throw ceremonyError(error);
  });
  const result = await signIn("passkey", { redirect: false, callbackUrl, response: JSON.stringify(response) });
  if (!result || result.error) throw new ApiError(result?.status ?? 401, result?.error ?? "CredentialsSignin", signInErrorMessage(result?.error));
  return safeCallbackPath(result.url ?? callbackUrl, window.location.origin);
}

/** Confirms it is you with one of your passkeys (`POST /api/user/reauth { passkey }`), renewing the session's authentication time. */
export async function confirmWithPasskey(): Promise<void> {
  const optionsJSON = await sendJson<PublicKeyCredentialRequestOptionsJSON>("/api/user/passkeys/reauth-options", "POST");
  const { startAuthentication } = await import("@simplewebauthn/browser");
  const passkey = await startAuthentication({ optionsJSON }).catch((error: unknown) => {
    throw ceremonyError(error);
  });
  await sendJson<void>("/api/user/reauth", "POST", { passkey });
}
