import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** Passkeys' own error kinds (the generic ones are HttpError's). */
export const passkeyErrors = {
  /** 400: the answer did not verify (unknown passkey, spent or foreign challenge, bad signature, no user verification). */
  notRecognized(): HttpError {
    return new HttpError(400, ErrorCode.PasskeyNotRecognized, "That passkey was not recognized. Try again, or use another way.");
  },
  notFound(): HttpError {
    return HttpError.notFound("No such passkey");
  },
};
