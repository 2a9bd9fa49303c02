import type { Page } from "playwright-core";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { type SignedInState, signedUpWithTogetherKey } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Where keyboard focus goes on /generate when the control that had it goes
 * away: Generate (disabled while the answer comes) hands it to Stop, and Stop
 * (gone when the answer ends) to the answer; a conversation opened from the
 * history puts it on its thread, and Esc in Rename or "Keep it" on Delete hand
 * it back to the conversation's button. On a phone (touch, no hover) the
 * keyboard hints are not shown and the answer is scrolled into view as it
 * starts. Every step presses real keys; the page is polled for the outcome.
 */

/** The app's environment: the stub's address goes in before the app starts (the stub's beforeAll runs first). */
const appEnv: Record<string, string> = {};
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });

const app = appInBrowserForThisFile({ env: appEnv });

const person = { name: "Grace Hopper", email: "grace.focus@example.com", password: "Compiler-Nanosecond-1952" };
const togetherKey = "tgp_v1_focusKey-0123456789abcdefXYZ";
let signedIn: SignedInState;

beforeAll(async () => {
  stub.acceptKeys(togetherKey);
  signedIn = await signedUpWithTogetherKey(app, person, togetherKey);
});

/** A deferred promise: the stub waits on it before sending the last chunk. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** What has focus, in words a failing test shows plainly. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return "(the document)";
    return active.id ? `#${active.id}` : `${active.tagName.toLowerCase()}: ${active.textContent?.trim() ?? ""}`;
  });
}

/** Waits until the element with `id` has focus; the thrown timeout names what had it instead. */
async function focusLandsOn(page: Page, id: string) {
  try {
    await page.waitForFunction((expected) => document.activeElement?.id === expected, id, { timeout: 5_000 });
  } catch {
    throw new Error(`focus is on ${await focused(page)}, not #${id}`);
  }
}

async function openGenerate(page: Page, prompt: string) {
  await page.goto("/generate");
  await page.getByRole("heading", { level: 1, name: "Generate code" }).waitFor();
  await page.getByLabel("Describe the code you want").fill(prompt);
}

const answer = (page: Page) => page.getByRole("region", { name: "Answer" });

const LAYOUTS = [
  { width: 1280, height: 800, theme: "light" },
  { width: 1280, height: 800, theme: "dark" },
  { width: 390, height: 844, theme: "light" },
  { width: 390, height: 844, theme: "dark" },
] as const;

describe.each(LAYOUTS)("at $width px, $theme (keyboard)", ({ width, height, theme }) => {
  test("Enter on Generate: focus on Stop while the answer comes, then on the answer", async () => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height }, colorScheme: theme });
    await openGenerate(page, "A debounce helper in TypeScript");
    const last = gate();
    stub.enqueue({ kind: "stream", chunks: ["Here is one:\n\n", "```ts\nexport const debounce = 1;\n```\n"], holdLast: last.promise });

    await page.getByRole("button", { name: "Generate", exact: true }).focus();
    await page.keyboard.press("Enter");
    await answer(page).getByText("Here is one:").waitFor();
    await focusLandsOn(page, "generate-stop");
    // On a keyboard-and-mouse screen (of any width), the shortcuts are told.
    expect(await page.getByText("Ctrl+Enter (⌘+Enter) generates").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Stop (Esc)" }).isVisible()).toBe(true);
    await saveScreenshot(page, `focus-stop-${width}-${theme}`, { fullPage: false });

    last.open();
    await answer(page).getByText(/^Done: /).waitFor();
    await focusLandsOn(page, "answer");
    expect(await contrastProblems(page)).toEqual([]);
  });

  test("a conversation opened from the history: focus on its thread; Esc in Rename, or Keep it: back on its button", async () => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height }, colorScheme: theme });
    await page.goto("/generate");
    const history = page.getByRole("region", { name: "History" });
    const entry = history.getByRole("button", { name: /A debounce helper in TypeScript/ }).first();
    await entry.waitFor();
    const entryId = await entry.getAttribute("id");
    expect(entryId).toMatch(/^history-item-[0-9a-f]{24}$/);

    await entry.focus();
    await page.keyboard.press("Enter");
    const thread = page.getByRole("region", { name: /A debounce helper in TypeScript/ });
    await thread.getByText("Here is one:").waitFor();
    await focusLandsOn(page, "thread-heading");

    // Rename by keyboard, then Escape: nothing renamed, focus back on the conversation's button.
    await focusOn(page, entryId ?? "");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const field = history.getByLabel("New title");
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "title");
    await page.keyboard.press("Escape");
    await field.waitFor({ state: "detached" });
    await focusLandsOn(page, entryId ?? "");

    // Delete, then "Keep it" by keyboard: the question goes, focus back on the button.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const question = history.getByRole("group", { name: /Delete this conversation/ });
    await question.waitFor();
    await page.keyboard.press("Enter");
    await question.waitFor({ state: "detached" });
    await focusLandsOn(page, entryId ?? "");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page)).toEqual([]);
  });
});

/** Puts focus on the element with `id` and waits until it has it. */
async function focusOn(page: Page, id: string) {
  await page.locator(`#${id}`).focus();
  await focusLandsOn(page, id);
}

describe("at 1280 px, light", () => {
  test("Enter on Stop: the answer ends stopped and focus is on the answer", async () => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width: 1280, height: 800 } });
    await openGenerate(page, "Something that takes long");
    stub.enqueue({ kind: "stall", chunks: ["Working on it"] });
    await page.getByRole("button", { name: "Generate", exact: true }).focus();
    await page.keyboard.press("Enter");
    await answer(page).getByText("Working on it").waitFor();
    await focusLandsOn(page, "generate-stop");
    await page.keyboard.press("Enter");
    await answer(page).getByText(/^Stopped after /).waitFor();
    await focusLandsOn(page, "answer");
  });

  test("Ctrl+Enter in the prompt: focus stays in the prompt, during and after", async () => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width: 1280, height: 800 } });
    await openGenerate(page, "A CSV line parser");
    const last = gate();
    stub.enqueue({ kind: "stream", chunks: ["Parsing:\n\n", "done\n"], holdLast: last.promise });
    await page.getByLabel("Describe the code you want").focus();
    await page.keyboard.press("Control+Enter");
    await answer(page).getByText("Parsing:").waitFor();
    expect(await focused(page)).toBe("#generate-prompt");
    last.open();
    await answer(page).getByText(/^Done: /).waitFor();
    expect(await focused(page)).toBe("#generate-prompt");
  });
});

describe("on a phone (390 px, touch), dark", () => {
  test("no keyboard hints; the answer scrolls into view as it starts", async () => {
    const page = await app.newPage({
      storageState: signedIn,
      viewport: { width: 390, height: 844 },
      colorScheme: "dark",
      hasTouch: true,
      isMobile: true,
    });
    await openGenerate(page, "A retry helper with backoff");
    expect(await page.evaluate(() => matchMedia("(hover: none) and (pointer: coarse)").matches)).toBe(true);
    expect(await page.getByText("Ctrl+Enter (⌘+Enter) generates").isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page)).toEqual([]);

    // A screen that ends just below Generate: the answer, under it, starts out of sight.
    const generate = page.getByRole("button", { name: "Generate", exact: true });
    const box = await generate.boundingBox();
    if (!box) throw new Error("Generate has no box");
    const height = Math.ceil(box.y + box.height + 8);
    await page.setViewportSize({ width: 390, height });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    const last = gate();
    stub.enqueue({ kind: "stream", chunks: ["Retry with backoff:\n\n", "```ts\nexport const retry = 1;\n```\n"], holdLast: last.promise });
    await generate.tap();
    await answer(page).getByText("Retry with backoff:").waitFor();
    // Polls until the smooth scroll has brought the answer's heading into view.
    await page.waitForFunction(() => {
      const top = document.getElementById("answer")?.getBoundingClientRect().top;
      return top !== undefined && top >= 0 && top + 48 <= window.innerHeight;
    });
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    // Stop shows without its "(Esc)".
    const stop = page.getByRole("button", { name: /^Stop/ });
    expect(await stop.innerText()).toBe("Stop");
    await saveScreenshot(page, "focus-phone-answer-in-view-390-dark", { fullPage: false });
    last.open();
    await answer(page).getByText(/^Done: /).waitFor();
  });
});
