import "client-only";
import { z } from "zod";
import { GENERATION_LANGUAGES, PROMPT_MAX_LENGTH } from "@/lib/generation/shared";

/**
 * The last prompt and choices on /generate, kept in this browser's
 * localStorage only (never sent anywhere), so a reload or the next visit
 * starts where the person left off. Reading tolerates anything: a value
 * written by an older version, or storage that is switched off.
 */

const STORAGE_KEY = "keyforge.generate.last";

/** Each field on its own: one unreadable field does not lose the others. */
const lastPromptSchema = z.object({
  prompt: z.string().max(PROMPT_MAX_LENGTH).optional().catch(undefined),
  language: z.enum(GENERATION_LANGUAGES).or(z.literal("")).optional().catch(undefined),
  model: z.string().optional().catch(undefined),
});
type LastPrompt = z.infer<typeof lastPromptSchema>;

export function loadLastPrompt(): LastPrompt {
  try {
    const stored = lastPromptSchema.safeParse(JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "null"));
    return stored.success ? stored.data : {};
  } catch {
    return {};
  }
}

export function saveLastPrompt(value: Required<LastPrompt>): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Storage full or switched off: the prompt just does not survive a reload.
  }
}
