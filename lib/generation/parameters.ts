import "#server-only";
import { HttpError } from "@/lib/http";
import { GENERATION_LANGUAGE_LABELS, type GenerateRequest } from "./shared";

const BASE_INSTRUCTIONS =
  "You are KeyForge's code assistant. Answer with working, idiomatic code in fenced Markdown code blocks " +
  "tagged with their language, and keep explanations short.";

/**
 * The system message: our base instructions always (they keep answers
 * fenced and tagged, which the page relies on), then the language, then the
 * person's own instructions (a preset's text or their own).
 */
export function systemMessage({ language, systemPrompt }: Pick<GenerateRequest, "language" | "systemPrompt">): string {
  const parts = [BASE_INSTRUCTIONS];
  if (language) parts.push(`Write the code in ${GENERATION_LANGUAGE_LABELS[language]}.`);
  const own = systemPrompt?.trim();
  if (own) parts.push(`The person asks you to follow these instructions too:\n${own}`);
  return parts.join(" ");
}

/** The sampling parameters the provider gets: temperature when asked for, and max tokens bounded by `limit`. */
export interface SamplingParameters {
  temperature?: number;
  max_tokens: number;
}

/**
 * The request's temperature and max tokens as sent upstream; max tokens above
 * `limit` (GENERATE_MAX_TOKENS) is a 400 field error that says the limit,
 * thrown before anything is sent.
 */
export function samplingParameters({ temperature, maxTokens }: Pick<GenerateRequest, "temperature" | "maxTokens">, limit: number): SamplingParameters {
  if (maxTokens !== undefined && maxTokens > limit) {
    throw HttpError.invalidField("maxTokens", `Use at most ${limit.toLocaleString("en")} tokens`);
  }
  return { ...(temperature === undefined ? {} : { temperature }), max_tokens: maxTokens ?? limit };
}
