import "#server-only";

/** The Together AI API, called with a user's own key. */
export { checkTogetherKey, classifyProviderError, togetherClient, type ProviderFailure } from "./client";
export { providerErrors } from "./errors";
