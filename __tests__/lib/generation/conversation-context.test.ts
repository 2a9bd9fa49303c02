import { DEFAULT_CONTEXT_TOKENS, estimateTokens, fitContext } from "@/lib/generation/conversation-context";

/** Which earlier turns fit the model's context: the newest first, the rest counted as left out. */

const turn = (tokens: number) => ({ prompt: "p".repeat(tokens * 2), output: "o".repeat(tokens * 2) });

describe("fitContext", () => {
  it("keeps every turn when they fit", () => {
    const turns = [turn(10), turn(10)];
    expect(fitContext(turns, { contextLength: 100, maxTokens: 50, alwaysSent: ["x".repeat(40)] })).toEqual({ kept: turns, dropped: 0 });
  });

  it("drops the oldest first, leaving room for the answer and what is always sent", () => {
    const turns = [turn(30), turn(20), turn(20)];
    // 100 - 40 (answer) - 10 (prompt) = 50: the two newest fit, the oldest does not.
    expect(fitContext(turns, { contextLength: 100, maxTokens: 40, alwaysSent: ["x".repeat(40)] })).toEqual({ kept: turns.slice(1), dropped: 1 });
  });

  it("never keeps an older turn past a newer one that did not fit", () => {
    const turns = [turn(1), turn(60), turn(5)];
    expect(fitContext(turns, { contextLength: 100, maxTokens: 40, alwaysSent: [] })).toEqual({ kept: turns.slice(2), dropped: 2 });
  });

  it("uses a conservative default when the context length is unknown, and drops all when nothing fits", () => {
    expect(fitContext([turn(100)], { contextLength: null, maxTokens: DEFAULT_CONTEXT_TOKENS - 150, alwaysSent: [] }).dropped).toBe(0);
    expect(fitContext([turn(100)], { contextLength: null, maxTokens: DEFAULT_CONTEXT_TOKENS, alwaysSent: [] }).dropped).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
  });
});
