import "client-only";

/**
 * Where /generate keeps the last prompt in this browser (see last-prompt.ts),
 * and forgetting it at sign-out. Apart from last-prompt.ts, so the header's
 * Sign out, on every page, does not bring the prompt's schema (and zod) along.
 */

export const LAST_PROMPT_STORAGE_PREFIX = "keyforge.generate.last";

/** Forgets every kept prompt in this browser (at sign-out). */
export function forgetLastPrompts(): void {
  try {
    const keys = Array.from({ length: window.localStorage.length }, (_, index) => window.localStorage.key(index));
    for (const key of keys) if (key?.startsWith(LAST_PROMPT_STORAGE_PREFIX)) window.localStorage.removeItem(key);
  } catch {
    // Storage switched off: nothing was kept.
  }
}
