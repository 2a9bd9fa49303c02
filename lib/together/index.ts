import "#server-only";

/** The Together AI API, called with a user's own key. */
export { checkTogetherKey, classifyProviderError, retryAfterSeconds, togetherClient, type ProviderFailure } from "./client";
