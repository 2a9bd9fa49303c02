import { z } from "zod";

/**
 * Passkeys' inputs, shared by the API routes and the browser: the name a
 * person gives one, and the authenticator's answers as the browser sends
 * them (@simplewebauthn/browser's JSON), bounded so nothing unbounded reaches
 * the CBOR and signature checks. Browser-safe.
 */

/** The longest name a passkey may have. */
export const PASSKEY_NAME_MAX = 60;

const passkeyNameSchema = z
  .string("Give the passkey a name")
  .trim()
  .min(1, "Give the passkey a name")
  .max(PASSKEY_NAME_MAX, `Use at most ${PASSKEY_NAME_MAX} characters`);

/** Base64url, as WebAuthn's JSON encodes every binary field. */
const base64url = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]+$/, "Not base64url");

const AUTHENTICATOR_TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;

const credentialFields = {
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  // No extension is asked for, so whatever the browser reports is dropped.
  clientExtensionResults: z.object({}),
};

/** A new passkey's attestation (`startRegistration`'s answer). */
export const registrationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(32768),
    transports: z.array(z.enum(AUTHENTICATOR_TRANSPORTS)).max(AUTHENTICATOR_TRANSPORTS.length).optional(),
  }),
});

/** A passkey's signed assertion (`startAuthentication`'s answer). */
export const authenticationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(4096),
    signature: base64url(1024),
    userHandle: base64url(128).optional(),
  }),
});

/** `POST /api/user/passkeys`. */
export const addPasskeySchema = z.object({ response: registrationResponseSchema, name: passkeyNameSchema });

/** `PATCH /api/user/passkeys/:id`. */
export const renamePasskeySchema = z.object({ name: passkeyNameSchema });

/** `/api/user/passkeys/:id`: a credential id (base64url). */
export const passkeyIdParamSchema = z.object({ id: base64url(1400) });

/** `POST /api/user/reauth` with a passkey: the answer to the options of `/api/user/passkeys/reauth-options`. */
export const passkeyReauthSchema = z.object({ passkey: authenticationResponseSchema });
