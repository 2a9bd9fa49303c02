import "#server-only";

/** The API key vault: each user's third-party keys, encrypted at rest and only ever shown masked. */
export { getApiKeys, getApiKeysAndPendingPrompt, storeApiKeys } from "./api-keys";
export { vaultErrors } from "./errors";
export { enforceKeyCheckLimit } from "./key-checks";
export { rotateApiKeyEncryption } from "./rotation";
export { checkStoredApiKey, openApiKeyForUse } from "./server-use";
