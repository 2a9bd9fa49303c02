import type { Page } from "playwright-core";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { type SignedInState, signedUpWithTogetherKey } from "./helpers/accounts";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot } from "./helpers/browser";
import { askAndWait } from "./helpers/generate-page";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * The history on /generate in a real browser, at phone and desktop widths in
 * both themes: it lists conversations (title, turns), renames one in place,
 * searches titles (found, and nothing found), opens a past conversation (by
 * click and by ?open=) whose next prompt follows it up, and deletes it after
 * a question, which starts a new conversation on the page. The last test
 * takes the picture docs/code-generation.md shows (to /tmp, copied by hand).
 */

// A model the stub's catalog prices, so the usage line gives an estimated cost; room for the journeys' 22 generations in a minute or so.
const appEnv: Record<string, string> = { TOGETHER_MODELS: "stub-model", GENERATE_MAX_PER_MINUTE: "60" };
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });
const app = appInBrowserForThisFile({ env: appEnv });

const person = { name: "Grace Hopper", email: "grace.history@example.com", password: "Compiler-History-1952" };
const togetherKey = "tgp_v1_historyKey-0123456789abcdefXYZ";
let signedIn: SignedInState;

beforeAll(async () => {
  stub.acceptKeys(togetherKey);
  signedIn = await signedUpWithTogetherKey(app, person, togetherKey);
});

const ask = (page: Page, prompt: string, answer: string) => askAndWait(page, stub, prompt, answer);

/** The prompts and answers the last upstream request carried, after the system prompt. */
function sentMessages(): string[] {
  const sent = stub.chatRequests().at(-1)?.body as { messages: { content: string }[] };
  return sent.messages.map((message) => message.content).slice(1);
}

const historyOf = (page: Page) => page.getByRole("region", { name: "History" });

// First: the journeys below use up much of the per-user generation allowance.
test("1280 px, light: a follow-up with its usage line, for the docs", async () => {
  const page = await app.newPage({ storageState: signedIn, viewport: { width: 1280, height: 900 } });
  // The page reads the catalog with the person's key: the run's cost is then priced.
  await Promise.all([page.waitForResponse((response) => response.url().endsWith("/api/models") && response.ok()), page.goto("/generate")]);
  await ask(page, "A debounce helper in TypeScript", "Here is one:\n\n```ts\nexport function debounce<T extends unknown[]>(run: (...args: T) => void, ms: number) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  return (...args: T) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => run(...args), ms);\n  };\n}\n```\n");
  await page.getByRole("region", { name: "A debounce helper in TypeScript" }).waitFor();
  // Two chunks apart: tokens per second needs time between the first token and the last (one chunk can take 0 ms).
  await askAndWait(
    page,
    stub,
    "Add a cancel method",
    ["```ts\nexport function debounce<T extends unknown[]>(run: (...args: T) => void, ms: number) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n", "  const debounced = (...args: T) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => run(...args), ms);\n  };\n  debounced.cancel = () => clearTimeout(timer);\n  return debounced;\n}\n```\n"],
    50,
  );
  await page.getByTestId("usage-line").getByText(/tokens in · .* out · .*tokens\/s · first token after .* \(estimate\)$/).waitFor();
  const work = page.locator("section[data-conversation-id]").locator("xpath=..");
  await work.screenshot({ path: "/tmp/generate-conversation-full.png" });
  await page.close();
});

describe("the conversations history", () => {
  test.each(PHONE_AND_DESKTOP_LAYOUTS)("$width px, $theme: rename, search, open and follow up, delete", async ({ width, theme }) => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height: 844 }, colorScheme: theme });
    const tag = `${width}-${theme}`;
    await page.goto("/generate");
    await ask(page, `Parse CSV ${tag}`, `csv answer ${tag}`);
    await page.getByRole("region", { name: `Parse CSV ${tag}` }).waitFor();
    await ask(page, "Now with headers", "headers answer");
    await page.getByRole("button", { name: "New conversation" }).click();
    await ask(page, `Sort a list ${tag}`, "sorted");

    const history = historyOf(page);
    const first = history.getByRole("button", { name: new RegExp(`^Parse CSV ${tag}.*2 turns$`) });
    await first.waitFor();
    const id = (await first.getAttribute("id"))?.replace("history-item-", "");
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    // Rename in place.
    await history.getByRole("button", { name: `Rename “Parse CSV ${tag}”` }).click();
    await history.getByLabel("New title").fill(`CSV reader ${tag}`);
    await history.getByRole("button", { name: "Save" }).click();
    const renamed = history.getByRole("button", { name: new RegExp(`^CSV reader ${tag}`) });
    await history.getByRole("button", { name: new RegExp(`^CSV reader ${tag}.*2 turns$`) }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`history-item-${id}`);

    // Search: found, then nothing found.
    const search = history.getByRole("searchbox", { name: "Search titles" });
    await search.fill(`reader ${tag}`);
    await history.getByRole("list", { name: `Conversations whose title holds “reader ${tag}”` }).waitFor();
    expect(await history.getByRole("listitem").count()).toBe(1);
    await saveScreenshot(page, `history-search-${tag}`);
    await search.fill("no title holds this");
    await history.getByText("No conversation title holds “no title holds this”.").waitFor();
    expect(await history.getByRole("listitem").count()).toBe(0);
    await search.fill("");
    await history.getByRole("list", { name: "Your conversations, last used first" }).waitFor();

    // Open the renamed one by click: its turns are in the thread and the next prompt follows it up.
    await renamed.click();
    const thread = page.getByRole("region", { name: `CSV reader ${tag}` });
    await thread.getByText("Now with headers").waitFor();
    expect(await renamed.getAttribute("aria-current")).toBe("true");
    await ask(page, "And write it back", "written");
    expect(sentMessages()).toEqual([`Parse CSV ${tag}`, `csv answer ${tag}`, "Now with headers", "headers answer", "And write it back"]);
    await history.getByRole("button", { name: new RegExp(`^CSV reader ${tag}.*3 turns$`) }).waitFor();

    // A deep link opens it too, and it is followed up there as well.
    await page.goto(`/generate?open=${id}`);
    await thread.getByText("And write it back").waitFor();
    await page.waitForURL((url) => url.search === "");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page)).toEqual([]);
    await saveScreenshot(page, `history-opened-${tag}`);

    // Delete after the question: it leaves the list, and the page starts a new conversation.
    await history.getByRole("button", { name: `Delete “CSV reader ${tag}”` }).click();
    await history.getByRole("group", { name: /Delete this conversation/ }).getByRole("button", { name: "Delete conversation" }).click();
    await renamed.waitFor({ state: "detached" });
    await thread.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("history-heading");
    await ask(page, `Fresh start ${tag}`, "fresh");
    expect(sentMessages()).toEqual([`Fresh start ${tag}`]);
    await page.close();
  });
});
