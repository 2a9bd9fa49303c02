import { z } from "zod";

/**
 * The providers whose API keys the vault keeps, and the shapes of the vault's
 * API. Browser-safe: the Settings page validates with the same schemas.
 */
export const API_KEY_PROVIDERS = ["togetherAI", "codeRabbit", "oumi", "kestra"] as const;
export type ApiKeyProvider = (typeof API_KEY_PROVIDERS)[number];

export const API_KEY_PROVIDER_LABELS: Record<ApiKeyProvider, string> = {
  togetherAI: "Together AI",
  codeRabbit: "CodeRabbit",
  oumi: "Oumi",
  kestra: "Kestra",
};

const API_KEY_MAX_LENGTH = 512;

/** One key as pasted: non-empty, at most 512 characters, no whitespace anywhere. */
const apiKeyValueSchema = z
  .string({ error: "Paste the key as text" })
  .min(1, { error: "Paste a key, or remove it instead", abort: true })
  .max(API_KEY_MAX_LENGTH, `A key has at most ${API_KEY_MAX_LENGTH} characters`)
  .refine((value) => !/\s/u.test(value), "A key has no spaces or line breaks; check what you pasted");

/**
 * `POST /api/user/api-keys`: a partial object, a string sets a key, null
 * removes it. Unknown providers are an error (a typo must not pass silently).
 */
export const apiKeysUpdateSchema = z
  .strictObject(
    Object.fromEntries(API_KEY_PROVIDERS.map((provider) => [provider, apiKeyValueSchema.nullable().optional()])) as {
      [P in ApiKeyProvider]: z.ZodOptional<z.ZodNullable<typeof apiKeyValueSchema>>;
    },
    { error: "Unknown provider" },
  )
  .refine((update) => Object.keys(update).length > 0, "Send at least one provider");

export type ApiKeysUpdate = z.infer<typeof apiKeysUpdateSchema>;

/** How the API shows one stored key: never the key itself. */
export type MaskedApiKey =
  | { masked: string; updatedAt: string }
  /** Stored, but it no longer decrypts (its key was removed, or the value was tampered with). */
  | { masked: null; updatedAt: string; unreadable: true };

/** `GET` and `POST /api/user/api-keys` answer with this. */
export interface ApiKeysResponse {
  apiKeys: Record<ApiKeyProvider, MaskedApiKey | null>;
}
