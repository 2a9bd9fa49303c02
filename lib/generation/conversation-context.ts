import "#server-only";

/**
 * Which earlier turns of a conversation fit the model's context: pure, so
 * its rows are unit tests. Tokens are estimated as characters / 4 (no
 * tokenizer per model); the budget keeps room for the answer (max tokens)
 * and for what is always sent (instructions and the new prompt).
 */

/** When the model's context length is unknown: small enough for any chat model still offered. */
export const DEFAULT_CONTEXT_TOKENS = 8_192;

/** A rough token count for `text`. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** One earlier turn as it is sent again: the prompt and its (latest) answer. */
interface ContextTurn {
  prompt: string;
  output: string;
}

interface Budget {
  /** The model's context length in tokens; null when unknown. */
  contextLength: number | null;
  /** Tokens the answer may use. */
  maxTokens: number;
  /** Text always sent (instructions, the new prompt, a continued answer). */
  alwaysSent: string[];
}

/** The newest turns that fit, oldest first, and how many older ones were left out. */
export function fitContext<Turn extends ContextTurn>(turns: Turn[], { contextLength, maxTokens, alwaysSent }: Budget): { kept: Turn[]; dropped: number } {
  let room = (contextLength ?? DEFAULT_CONTEXT_TOKENS) - maxTokens - alwaysSent.reduce((sum, text) => sum + estimateTokens(text), 0);
  let first = turns.length;
  while (first > 0) {
    const turn = turns[first - 1]!;
    const cost = estimateTokens(turn.prompt) + estimateTokens(turn.output);
    if (cost > room) break;
    room -= cost;
    first -= 1;
  }
  return { kept: turns.slice(first), dropped: first };
}
