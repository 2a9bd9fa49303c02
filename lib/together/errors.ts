import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";

/** How a call to the provider with the user's own key failed, as the API answers it (the generic kinds are HttpError's). */
export const providerErrors = {
  /** 400: the provider refused the stored key (401/403 upstream). */
  invalidApiKey(provider: string): HttpError {
    return new HttpError(400, ErrorCode.InvalidApiKey, `${provider} rejected your API key. Replace it in Settings → API keys.`);
  },

  /** 429, with the provider's `Retry-After` passed on. */
  rateLimited(provider: string, retryAfterSeconds: number): HttpError {
    return new HttpError(429, ErrorCode.ProviderRateLimited, `${provider} is rate-limiting your key. Try again in ${retryAfterSeconds} s.`, {
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  },

  /** 502: the provider failed (an error answer, or it could not be reached). */
  failed(provider: string): HttpError {
    return new HttpError(502, ErrorCode.ProviderError, `${provider} failed to answer. Try again in a moment.`);
  },

  /** 504: the provider sent nothing within the time allowed. */
  timedOut(provider: string, seconds: number): HttpError {
    return new HttpError(504, ErrorCode.ProviderTimeout, `${provider} did not start answering within ${seconds} s. Try again, or pick another model.`);
  },
};
