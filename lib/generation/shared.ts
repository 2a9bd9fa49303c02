import { z } from "zod";

/**
 * Code generation's API shapes, shared by the server and the browser: what
 * `POST /api/generate` accepts, how a stream that ends early says so, and what
 * the history routes answer with.
 */

export const PROMPT_MAX_LENGTH = 8000;

/** The languages a person can ask for; the model is told to answer in it. */
export const GENERATION_LANGUAGES = [
  "typescript",
  "javascript",
  "python",
  "go",
  "rust",
  "java",
  "kotlin",
  "csharp",
  "cpp",
  "c",
  "ruby",
  "php",
  "swift",
  "sql",
  "bash",
  "html",
  "css",
] as const;
export type GenerationLanguage = (typeof GENERATION_LANGUAGES)[number];

export const GENERATION_LANGUAGE_LABELS: Record<GenerationLanguage, string> = {
  typescript: "TypeScript",
  javascript: "JavaScript",
  python: "Python",
  go: "Go",
  rust: "Rust",
  java: "Java",
  kotlin: "Kotlin",
  csharp: "C#",
  cpp: "C++",
  c: "C",
  ruby: "Ruby",
  php: "PHP",
  swift: "Swift",
  sql: "SQL",
  bash: "Bash",
  html: "HTML",
  css: "CSS",
};

/** What a request can do to a conversation's last turn instead of adding one (`action`). */
export const CONVERSATION_ACTIONS = ["regenerate", "continue", "edit"] as const;
export type ConversationAction = (typeof CONVERSATION_ACTIONS)[number];

export const TEMPERATURE_MAX = 2;
export const MAX_TOKENS_MIN = 16;
export const SYSTEM_PROMPT_MAX_LENGTH = 2000;

const temperatureSchema = z.number("Use a number from 0 to 2").min(0, "Use a number from 0 to 2").max(TEMPERATURE_MAX, "Use a number from 0 to 2");
const maxTokensSchema = z.number("Use a whole number of tokens").int("Use a whole number of tokens").min(MAX_TOKENS_MIN, `Use at least ${MAX_TOKENS_MIN} tokens`);
const systemPromptSchema = z.string("Write the instructions as text").max(SYSTEM_PROMPT_MAX_LENGTH, `Use at most ${SYSTEM_PROMPT_MAX_LENGTH.toLocaleString("en")} characters`);

/** Longest model id accepted before it is compared with the allow-list. */
const MODEL_ID_MAX_LENGTH = 200;

/**
 * `POST /api/generate`. Whether `model` is on the server's allow-list is
 * checked by the server (the list is configuration), with the same field error shape.
 */
export const generateRequestSchema = z.strictObject({
  prompt: z
    .string({ error: "Describe the code you want" })
    .refine((value) => value.trim().length > 0, { error: "Describe the code you want", abort: true })
    .refine((value) => value.length <= PROMPT_MAX_LENGTH, `Use at most ${PROMPT_MAX_LENGTH.toLocaleString("en")} characters`),
  language: z.enum(GENERATION_LANGUAGES, "Choose a language from the list").optional(),
  model: z.string("Choose a model from the list").min(1, "Choose a model from the list").max(MODEL_ID_MAX_LENGTH).optional(),
  /** A follow-up in this conversation (the caller's own); absent: a new conversation. */
  conversationId: z.string().regex(/^[0-9a-f]{24}$/, "That conversation does not exist").optional(),
  /** Instead of a new turn: answer the last prompt again, let the last answer go on, or replace the last prompt. */
  action: z.enum(CONVERSATION_ACTIONS, "Choose regenerate, continue or edit").optional(),
  temperature: temperatureSchema.optional(),
  /** At most GENERATE_MAX_TOKENS, which the server checks (configuration). */
  maxTokens: maxTokensSchema.optional(),
  systemPrompt: systemPromptSchema.optional(),
});
export type GenerateRequest = z.infer<typeof generateRequestSchema>;

/** Response header of a started stream: the conversation the turn belongs to (a new one's id too). */
export const CONVERSATION_ID_HEADER = "X-Conversation-Id";

/** Response header of a started stream: how many earlier turns were left out to fit the model's context (absent: none). */
export const CONTEXT_TRIMMED_HEADER = "X-Context-Trimmed";

/** Tokens of one answer as the provider counted them; null where it sent no count (a stream cut short). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** One day of `GET /api/user/usage` (UTC dates); costUsd null when no used model has a price. */
export interface UsageDay {
  date: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
}

/** One model's total over the same days. */
export interface UsageByModel {
  model: string;
  /** The model's display name (its id when the provider gave none). */
  name: string;
  generations: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
}

/** `GET /api/user/usage?days=30`: tokens and estimated cost per day (oldest first, every day present) and per model. */
export interface UsageResponse {
  days: UsageDay[];
  models: UsageByModel[];
}

/** Response header of a started stream: the id of its usage/history record. */
export const GENERATION_ID_HEADER = "X-Generation-Id";

/**
 * How a stream that could not finish says so: a last line, visible as text to
 * any client (curl included), that the page turns into an alert.
 */
const STREAM_MARKER_PREFIX = "\n\n[KeyForge] ";

export const STREAM_END_REASONS = {
  stalled: "The model stopped sending for too long; the answer above is incomplete.",
  providerError: "The provider failed while answering; the answer above is incomplete.",
  lengthLimit: "The answer reached the length limit; it may be cut short.",
  shutdown: "The server restarted while answering; the answer above is incomplete. Try again.",
} as const;
export type StreamEndReason = keyof typeof STREAM_END_REASONS;

/** The marker line the server appends when a started stream ends early. */
export function streamEndMarker(reason: StreamEndReason): string {
  return `${STREAM_MARKER_PREFIX}${STREAM_END_REASONS[reason]}\n`;
}

/** Splits streamed text into the answer and the early-end message, if the text ends with a marker. */
export function splitStreamEndMarker(text: string): { answer: string; interruption: string | null } {
  const at = text.lastIndexOf(STREAM_MARKER_PREFIX);
  if (at === -1) return { answer: text, interruption: null };
  const message = text.slice(at + STREAM_MARKER_PREFIX.length).trim();
  const known = Object.values(STREAM_END_REASONS).some((reason) => reason === message);
  return known ? { answer: text.slice(0, at), interruption: message } : { answer: text, interruption: null };
}

/** How a generation ended, as its usage record keeps it. */
export const GENERATION_OUTCOMES = [
  "completed",
  /** The person pressed Stop or closed the page; the upstream request was aborted. */
  "stopped",
  /** No new token for the idle timeout after the first one. */
  "stalled",
  /** No first token within the timeout. */
  "timed_out",
  "key_rejected",
  "provider_rate_limited",
  "provider_error",
  /** The server was shutting down and its time for requests in flight ran out. */
  "interrupted",
] as const;
export type GenerationOutcome = (typeof GENERATION_OUTCOMES)[number];

/** One entry of `GET /api/user/generations` (history with text only). */
export interface GenerationSummary {
  id: string;
  createdAt: string;
  model: string;
  language: GenerationLanguage | null;
  /** The prompt's first characters, for the list. */
  title: string;
  outcome: GenerationOutcome;
  promptChars: number;
  outputChars: number;
  /** Milliseconds from the upstream request to its first token; null when none came. */
  timeToFirstTokenMs: number | null;
  durationMs: number;
  /** Tokens as the provider counted them; null when unknown (the answer did not run to its end, or an older record). */
  usage: TokenUsage | null;
  /** Estimated from the model's price; null when unknown. */
  costUsd: number | null;
  /** Why the provider ended the answer ("stop", "length"…); null when it did not say. */
  finishReason: string | null;
}

/** `GET /api/user/usage/<generation id>`: one generation's numbers, whether or not history keeps its text. */
export type GenerationUsage = Pick<GenerationSummary, "id" | "outcome" | "usage" | "costUsd" | "finishReason" | "timeToFirstTokenMs" | "durationMs">;
export interface GenerationUsageResponse {
  generation: GenerationUsage;
}

/**
 * One generation in the account's data export: its usage record, and its
 * text while the history keeps it (null once deleted or never kept;
 * "unreadable" when its encryption key was retired).
 */
export type ExportedGeneration = Omit<GenerationSummary, "title"> & {
  text: { prompt: string; answer: string } | "unreadable" | null;
  /** Its place in a conversation (the export's `conversations`); absent on generations from before conversations. */
  conversation?: { id: string; turn: number; version: number };
};

/** `GET /api/user/generations?before=<cursor>&limit=<n>`, newest first. */
export interface GenerationListResponse {
  generations: GenerationSummary[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** `GET /api/user/generations/<id>`: one entry with its text. */
export interface GenerationDetailResponse {
  generation: GenerationSummary & { prompt: string; output: string };
}

/** `DELETE /api/user/generations`: every entry's text removed (usage records stay). */
export interface DeleteHistoryResponse {
  deleted: number;
}

/** Instructions a person picks instead of writing them (`systemPrompt`); names are unique. */
export interface SystemPromptPreset {
  name: string;
  text: string;
}

/** The presets everyone has; a person's own come after them. */
export const BUILT_IN_PRESETS: readonly SystemPromptPreset[] = [
  { name: "Explain briefly", text: "Explain the code in a few short sentences after it." },
  { name: "Only code", text: "Answer with the code only: no explanation before or after it." },
  { name: "Step by step", text: "Explain your approach step by step before the code, then the code." },
];
export const OWN_PRESETS_MAX = 5;
export const PRESET_NAME_MAX_LENGTH = 40;

const presetSchema = z.strictObject({
  name: z
    .string("Name the preset")
    .trim()
    .min(1, "Name the preset")
    .max(PRESET_NAME_MAX_LENGTH, `Use at most ${PRESET_NAME_MAX_LENGTH} characters`),
  text: systemPromptSchema.trim().min(1, "Write the instructions"),
});

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * `PATCH /api/user/preferences`'s `generation`: each field given replaces
 * the stored one (null: no default). `maxTokens` is also bounded by
 * GENERATE_MAX_TOKENS, and `defaultPreset` must name a built-in or own
 * preset; the server checks both.
 */
const generationPreferencesUpdateSchema = z.strictObject({
  temperature: temperatureSchema.nullable().optional(),
  maxTokens: maxTokensSchema.nullable().optional(),
  presets: z
    .array(presetSchema, "Send the presets as a list")
    .max(OWN_PRESETS_MAX, `Keep at most ${OWN_PRESETS_MAX} presets of your own`)
    .refine(
      (presets) =>
        presets.every(
          (preset, index) =>
            !BUILT_IN_PRESETS.some((builtIn) => sameName(builtIn.name, preset.name)) &&
            presets.findIndex((other) => sameName(other.name, preset.name)) === index,
        ),
      "Give each preset a name of its own",
    )
    .optional(),
  defaultPreset: z.string("Choose a preset").max(PRESET_NAME_MAX_LENGTH, "Choose a preset from the list").nullable().optional(),
});

/** `PATCH /api/user/preferences`: only the fields given change. */
export const preferencesUpdateSchema = z
  .strictObject({
    keepGenerationHistory: z.boolean("Choose on or off").optional(),
    generation: generationPreferencesUpdateSchema.optional(),
  })
  .refine((update) => Object.keys(update).length > 0, "Send at least one preference");
export type PreferencesUpdate = z.infer<typeof preferencesUpdateSchema>;

/** A person's generation defaults, as stored (null: none saved; the page then uses the model's). */
export interface GenerationPreferences {
  temperature: number | null;
  maxTokens: number | null;
  /** The person's own presets (BUILT_IN_PRESETS are not stored). */
  presets: SystemPromptPreset[];
  /** The preset /generate starts with: a built-in's or an own preset's name; null: none. */
  defaultPreset: string | null;
}

/** `GET` and `PATCH /api/user/preferences`. */
export interface Preferences {
  keepGenerationHistory: boolean;
  generation: GenerationPreferences;
}
export interface PreferencesResponse {
  preferences: Preferences;
}

/** The preset with this name among the built-in and the person's own ones. */
export function findPreset(presets: readonly SystemPromptPreset[], name: string): SystemPromptPreset | undefined {
  return [...BUILT_IN_PRESETS, ...presets].find((preset) => sameName(preset.name, name));
}

/** The models and languages a page offers, from the server's configuration. */
export interface GenerationOptions {
  models: string[];
  defaultModel: string;
  languages: readonly GenerationLanguage[];
  /** GENERATE_MAX_TOKENS: the most `maxTokens` may ask for. */
  maxTokensLimit: number;
}

export * from "./conversation/shared";
