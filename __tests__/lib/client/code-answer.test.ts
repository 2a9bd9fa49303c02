import { asMarkdownAnswer, fileExtensionFor, looksLikeCode } from "@/lib/client/code-answer";

/** The heuristic that shows an unfenced code answer as a code block, and the download's file extension. */

const python = `def add(a, b):
    """Adds two numbers."""
    return a + b


print(add(1, 2))`;

const typescript = `export function add(a: number, b: number): number {
  return a + b;
}

const total = add(1, 2);
console.log(total);`;

const sql = `SELECT name, email
FROM users
WHERE disabled_at IS NULL
ORDER BY name;`;

const prose = `Here is how it works. The function takes two numbers and returns their sum.
You can call it from anywhere in your program.
It has no side effects, so it is easy to test.`;

const proseWithOneCall = `Call add(1, 2) to get three.
The function is pure and has no side effects.
Nothing else is needed to use it.`;

describe("looksLikeCode", () => {
  it.each([
    ["Python", python],
    ["TypeScript", typescript],
    ["SQL", sql],
    ["a shell script", "#!/bin/sh\nset -eu\necho \"hello\"\nexit 0"],
    ["HTML", '<div class="card">\n  <p>Hi</p>\n</div>'],
  ])("says yes to %s", (_case, text) => {
    expect(looksLikeCode(text)).toBe(true);
  });

  it.each([
    ["prose", prose],
    ["prose that mentions a call", proseWithOneCall],
    ["a single line of code", "return a + b;"],
    ["an empty answer", ""],
    ["a Markdown list", "- first do this\n- then that\n- and finally this"],
  ])("says no to %s", (_case, text) => {
    expect(looksLikeCode(text)).toBe(false);
  });

  it("is readier to say yes when a language was chosen", () => {
    const half = "Adds two numbers.\nfunction add(a, b) {\n  return a + b;\n}\nCall it with two numbers.\nIt returns their sum.";
    expect(looksLikeCode(half)).toBe(false);
    expect(looksLikeCode(half, true)).toBe(true);
    expect(looksLikeCode(prose, true)).toBe(false);
  });
});

describe("asMarkdownAnswer", () => {
  it("fences unfenced code with the chosen language, keeping its lines and indentation", () => {
    expect(asMarkdownAnswer(python, "python")).toBe("```python\n" + python + "\n```\n");
    expect(asMarkdownAnswer(typescript, null)).toBe("```\n" + typescript + "\n```\n");
  });

  it("uses a fence longer than any backticks inside, so the code cannot close it", () => {
    const withFence = "const fence = `````;\nconst x = `a`;\nconsole.log(fence, x);";
    expect(asMarkdownAnswer(withFence, "javascript")).toBe("``````javascript\n" + withFence + "\n``````\n");
  });

  it("leaves prose and already fenced answers as they are", () => {
    expect(asMarkdownAnswer(prose, "python")).toBe(prose);
    const fenced = "Here:\n\n```ts\nconst a = 1;\n```\n";
    expect(asMarkdownAnswer(fenced, "typescript")).toBe(fenced);
  });
});

describe("fileExtensionFor", () => {
  it.each([
    ["typescript", "ts"], ["ts", "ts"], ["javascript", "js"], ["python", "py"], ["go", "go"], ["rust", "rs"],
    ["java", "java"], ["kotlin", "kt"], ["csharp", "cs"], ["cpp", "cpp"], ["c", "c"], ["ruby", "rb"], ["php", "php"],
    ["swift", "swift"], ["sql", "sql"], ["bash", "sh"], ["sh", "sh"], ["html", "html"], ["css", "css"], ["Python", "py"],
  ])("%s → %s", (language, extension) => {
    expect(fileExtensionFor(language)).toBe(extension);
  });

  it.each([["cobol"], ["constructor"], ["__proto__"], [""], [null], [undefined]])("%s → txt", (language) => {
    expect(fileExtensionFor(language)).toBe("txt");
  });
});
