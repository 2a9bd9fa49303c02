import { conversationFileName, conversationToMarkdown, type ConversationTurn } from "@/lib/generation/shared";

/** A conversation exported as Markdown: every turn's prompt and latest answer, a prompt's code unable to break the document. */

function turn(prompt: string, output: string): ConversationTurn {
  const version = { id: "0".repeat(24), version: 1, prompt, output, model: "stub-model", language: null, usage: null, costUsd: null, outcome: "completed" as const, finishReason: "stop", createdAt: "2026-01-01T00:00:00.000Z" };
  return { ...version, turn: 0, versions: [version] };
}

describe("conversationToMarkdown", () => {
  it("writes the title, then each prompt fenced and each answer as written", () => {
    const markdown = conversationToMarkdown({ title: "Sort\nthings", turns: [turn("sort a list", "```ts\nlist.sort();\n```\n"), turn("now in Go", "Use `sort.Ints`.")] });
    expect(markdown).toBe(
      [
        "# Sort things",
        "## Prompt 1",
        "```text\nsort a list\n```",
        "## Answer 1 (stub-model)",
        "```ts\nlist.sort();\n```",
        "## Prompt 2",
        "```text\nnow in Go\n```",
        "## Answer 2 (stub-model)",
        "Use `sort.Ints`.",
      ].join("\n\n") + "\n",
    );
  });

  it("fences a prompt holding a fence with a longer one", () => {
    const markdown = conversationToMarkdown({ title: "t", turns: [turn("fix\n```js\nx()\n```\n# not a heading", "ok")] });
    expect(markdown).toContain("````text\nfix\n```js\nx()\n```\n# not a heading\n````");
  });

  it("names the file from the title", () => {
    expect(conversationFileName("Parse JSON in Go!")).toBe("parse-json-in-go.md");
    expect(conversationFileName("ÄÖ")).toBe("conversation.md");
  });
});
