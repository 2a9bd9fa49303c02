import "client-only";
import { z } from "zod";
import { LAST_PROMPT_STORAGE_PREFIX } from "./forget-last-prompts";
import { GENERATION_LANGUAGES, PROMPT_MAX_LENGTH } from "@/lib/generation/shared";

/**
 * The last prompt and choices on /generate, kept in this browser's
 * localStorage only (never sent anywhere), so a reload or the next visit
 * starts where the person left off. Kept per user, and forgotten at sign-out
 * (forget-last-prompts.ts), so the next person on a shared computer does not
 * see it. Reading tolerates anything: a value written by an older version, or
 * storage that is switched off.
 */

const storageKey = (userId: string) => `${LAST_PROMPT_STORAGE_PREFIX}:${userId}`;

/** Each field on its own: one unreadable field does not lose the others. */
const lastPromptSchema = z.object({
  prompt: z.string().max(PROMPT_MAX_LENGTH).optional().catch(undefined),
  language: z.enum(GENERATION_LANGUAGES).or(z.literal("")).optional().catch(undefined),
  model: z.string().optional().catch(undefined),
});
type LastPrompt = z.infer<typeof lastPromptSchema>;

export function loadLastPrompt(userId: string): LastPrompt {
  try {
    const stored = lastPromptSchema.safeParse(JSON.parse(window.localStorage.getItem(storageKey(userId)) ?? "null"));
    return stored.success ? stored.data : {};
  } catch {
    return {};
  }
}

export function saveLastPrompt(userId: string, value: Required<LastPrompt>): void {
  try {
    window.localStorage.setItem(storageKey(userId), JSON.stringify(value));
  } catch {
    // Storage full or switched off: the prompt just does not survive a reload.
  }
}

