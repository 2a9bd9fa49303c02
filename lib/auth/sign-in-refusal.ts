import "#server-only";
import type { SecondStepRefusal, SignInRefusal } from "./shared";

/**
 * A refused sign-in, by any Credentials provider. NextAuth copies the message
 * into `?error=`, so the message is only ever one of our fixed codes
 * (lib/http/shared.ts); options.ts logs none of them as errors.
 */
export class SignInRefusedError extends Error {
  constructor(readonly code: SignInRefusal | SecondStepRefusal) {
    super(code);
    this.name = "SignInRefusedError";
  }
}
