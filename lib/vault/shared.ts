import { z } from "zod";

/**
 * The providers whose API keys the vault keeps, and the shapes of the vault's
 * API. Browser-safe: the Settings page validates with the same schemas.
 */
export const API_KEY_PROVIDERS = ["togetherAI", "codeRabbit", "oumi", "kestra"] as const;
export type ApiKeyProvider = (typeof API_KEY_PROVIDERS)[number];

/**
 * One value per provider. Written out rather than mapped over
 * API_KEY_PROVIDERS, so the compiler checks that every provider has one
 * (Object.fromEntries would type its keys as any string).
 */
export function byProvider<Value>(valueOf: (provider: ApiKeyProvider) => Value): Record<ApiKeyProvider, Value> {
  return { togetherAI: valueOf("togetherAI"), codeRabbit: valueOf("codeRabbit"), oumi: valueOf("oumi"), kestra: valueOf("kestra") };
}

export const API_KEY_PROVIDER_LABELS: Record<ApiKeyProvider, string> = {
  togetherAI: "Together AI",
  codeRabbit: "CodeRabbit",
  oumi: "Oumi",
  kestra: "Kestra",
};

/** Where each provider's keys are created, for a key the provider refused. */
export const API_KEY_CREATION_URLS: Partial<Record<ApiKeyProvider, string>> = {
  togetherAI: "https://api.together.ai/settings/api-keys",
};

const API_KEY_MAX_LENGTH = 512;

/**
 * What a key can look like, per provider: deliberately loose (key formats
 * change), only enough to catch a paste of the wrong thing. Documented in
 * docs/settings-and-vault.md; keep the two in step.
 */
interface ApiKeyFormat {
  minLength: number;
  characters: RegExp;
  /** The allowed characters, in words, for the error message. */
  described: string;
}

const TOKEN_CHARACTERS = { characters: /^[A-Za-z0-9._-]+$/u, described: "letters, digits, -, _ and ." };

export const API_KEY_FORMATS: Record<ApiKeyProvider, ApiKeyFormat> = {
  togetherAI: { minLength: 20, ...TOKEN_CHARACTERS },
  codeRabbit: { minLength: 20, ...TOKEN_CHARACTERS },
  oumi: { minLength: 16, ...TOKEN_CHARACTERS },
  // Kestra API tokens may be base64 or JWTs.
  kestra: { minLength: 16, characters: /^[A-Za-z0-9._~+/=-]+$/u, described: "letters, digits and - _ . ~ + / =" },
};

/** One key as pasted: non-empty, no whitespace, at most 512 characters, and the provider's loose format. */
function apiKeyValueSchema(provider: ApiKeyProvider) {
  const { minLength, characters, described } = API_KEY_FORMATS[provider];
  const label = API_KEY_PROVIDER_LABELS[provider];
  return z
    .string({ error: "Paste the key as text" })
    .min(1, { error: "Paste a key, or remove it instead", abort: true })
    .refine((value) => !/\s/u.test(value), { error: "A key has no spaces or line breaks; check what you pasted", abort: true })
    .max(API_KEY_MAX_LENGTH, `A key has at most ${API_KEY_MAX_LENGTH} characters`)
    .min(minLength, `A ${label} key has at least ${minLength} characters; check what you pasted`)
    .regex(characters, `A ${label} key has only ${described}; check what you pasted`);
}

/**
 * `POST /api/user/api-keys`: a partial object, a string sets a key, null
 * removes it. Unknown providers are an error (a typo must not pass silently).
 */
export const apiKeysUpdateSchema = z
  .strictObject(
    byProvider((provider) => apiKeyValueSchema(provider).nullable().optional()),
    { error: "Unknown provider" },
  )
  .refine((update) => Object.keys(update).length > 0, "Send at least one provider");

export type ApiKeysUpdate = z.infer<typeof apiKeysUpdateSchema>;

/** What a check found: the provider accepted the key, refused it, or could not be reached. */
export const API_KEY_CHECK_STATUSES = ["valid", "rejected", "unreachable"] as const;
export type ApiKeyCheckStatus = (typeof API_KEY_CHECK_STATUSES)[number];

/** The last check of a stored key (on save, or "Check"); null until one ran for this key. */
export type ApiKeyLastCheck = { result: ApiKeyCheckStatus; at: string } | null;

/** How the API shows one stored key: never the key itself. */
export type MaskedApiKey =
  | { masked: string; updatedAt: string; lastCheck: ApiKeyLastCheck }
  /** Stored, but it no longer decrypts (its key was removed, or the value was tampered with). */
  | { masked: null; updatedAt: string; lastCheck: ApiKeyLastCheck; unreadable: true };

/** `GET /api/user/api-keys` answers with this. */
export interface ApiKeysResponse {
  apiKeys: Record<ApiKeyProvider, MaskedApiKey | null>;
}

/** Providers whose stored key the server can check with a live call (the cheapest authenticated one). */
export const CHECKABLE_API_KEY_PROVIDERS = ["togetherAI"] as const satisfies readonly ApiKeyProvider[];
export type CheckableApiKeyProvider = (typeof CHECKABLE_API_KEY_PROVIDERS)[number];

/**
 * `POST /api/user/api-keys` answers with the vault and, when the update set a
 * key of a provider that can be checked, what that provider said of it (the
 * key is stored whatever it said). `check` is absent when no such key was
 * set, or when the user's checks per minute are used up (the key is then
 * stored unchecked).
 */
export interface ApiKeysUpdateResponse extends ApiKeysResponse {
  check?: Partial<Record<CheckableApiKeyProvider, ApiKeyCheckStatus>>;
}

/** `POST /api/user/api-keys/check`. */
export const apiKeyCheckSchema = z.strictObject({
  provider: z.enum(CHECKABLE_API_KEY_PROVIDERS, "Only a Together AI key can be checked"),
});

export interface ApiKeyCheckResponse {
  provider: CheckableApiKeyProvider;
  status: ApiKeyCheckStatus;
  /** What it means for the person, ready to show. */
  message: string;
  checkedAt: string;
}
