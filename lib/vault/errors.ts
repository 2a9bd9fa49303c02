import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** The vault's own error kinds, one constructor each (the generic ones are HttpError's). */
export const vaultErrors = {
  /** 400: the provider's key this needs is not stored (or no longer decrypts); where to add one. */
  noApiKey(provider: string, unreadable = false): HttpError {
    const message = unreadable
      ? `Your stored ${provider} key can no longer be read. Replace it in Settings → API keys.`
      : `Add your ${provider} API key in Settings → API keys first.`;
    return new HttpError(400, ErrorCode.NoApiKey, message);
  },
};
