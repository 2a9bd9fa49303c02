import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { APP_ORIGIN } from "./auth";

/**
 * A software authenticator for the API tests: one P-256 passkey that answers
 * a registration (attestation "none") and signs assertions the way a real
 * authenticator does (authenticatorData, clientDataJSON, an ES256 signature),
 * with the flags and counter a test chooses. The browser tests use Chromium's
 * virtual authenticator instead.
 */

const FLAGS = { userPresent: 0x01, userVerified: 0x04, backupEligible: 0x08, backedUp: 0x10, attestedData: 0x40 };

interface AnswerOptions {
  /** User verification done (the PIN or biometric); true by default. */
  userVerified?: boolean;
  /** The page's origin as the browser reports it; the app's by default. */
  origin?: string;
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** The user handle registration gave it (base64url), which a discoverable sign-in answers with. */
  userHandle: string | undefined;

  /**
   * `counter` is the signature counter: registration reports it as it is,
   * each assertion adds one first, as authenticators do; a synced passkey
   * (`synced`) keeps none and always reports 0. A test may set it.
   */
  constructor(
    public counter = 0,
    private readonly synced = false,
    private readonly rpID = new URL(APP_ORIGIN).hostname,
  ) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" }));
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private authenticatorData(userVerified: boolean, attested: Uint8Array | null): Buffer {
    let flags = FLAGS.userPresent | (userVerified ? FLAGS.userVerified : 0);
    if (this.synced) flags |= FLAGS.backupEligible | FLAGS.backedUp;
    if (attested) flags |= FLAGS.attestedData;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(this.rpID), Buffer.from([flags]), counter, ...(attested ? [attested] : [])]);
  }

  /** The public key as COSE (EC2, ES256, P-256). */
  private coseKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: "jwk" });
    const coordinate = (value: string | undefined) => new Uint8Array(Buffer.from(value ?? "", "base64url"));
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, coordinate(jwk.x)],
        [-3, coordinate(jwk.y)],
      ]),
    );
  }

  private clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** The answer to registration options, as `startRegistration` gives it. */
  register(options: PublicKeyCredentialCreationOptionsJSON, { userVerified = true, origin = APP_ORIGIN }: AnswerOptions = {}): RegistrationResponseJSON {
    this.userHandle = options.user.id;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, this.coseKey()]);
    const authData = this.authenticatorData(userVerified, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, never> | Uint8Array>([
        ["fmt", "none"],
        ["attStmt", new Map<string, never>()],
        ["authData", new Uint8Array(authData)],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: { clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge, origin)), attestationObject: b64url(attestationObject), transports: ["internal"] },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /** The signed answer to authentication options, as `startAuthentication` gives it. */
  authenticate(options: Pick<PublicKeyCredentialRequestOptionsJSON, "challenge">, { userVerified = true, origin = APP_ORIGIN }: AnswerOptions = {}): AuthenticationResponseJSON {
    if (!this.synced) this.counter += 1;
    const authData = this.authenticatorData(userVerified, null);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, origin);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: this.userHandle },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }
}
