import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { type SignedInState, signedUpWithTogetherKey } from "./helpers/accounts";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot } from "./helpers/browser";
import { askAndWait } from "./helpers/generate-page";
import { horizontalOverflow } from "./helpers/page-checks";

/**
 * A conversation on /generate in a real browser, at phone and desktop widths
 * in both themes: a follow-up that sends the first turn upstream, Regenerate
 * with "2 of 2" and its arrows, and the conversation downloaded as Markdown.
 */

const appEnv: Record<string, string> = {};
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });
const app = appInBrowserForThisFile({ env: appEnv });

const person = { name: "Grace Hopper", email: "grace.conversations@example.com", password: "Compiler-Pioneer-1952" };
const togetherKey = "tgp_v1_stubKey-0123456789abcdefXYZ";
let signedIn: SignedInState;

beforeAll(async () => {
  stub.acceptKeys(togetherKey);
  signedIn = await signedUpWithTogetherKey(app, person, togetherKey);
});

const ask = (page: Page, prompt: string, answer: string) => askAndWait(page, stub, prompt, answer);

describe("a conversation", () => {
  test.each(PHONE_AND_DESKTOP_LAYOUTS)("$width px, $theme: follow-up, regenerate and versions, Markdown download", async ({ width, theme }) => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height: 844 }, colorScheme: theme });
    await page.goto("/generate");
    const tag = `${width}-${theme}`;
    await ask(page, `Parse JSON ${tag}`, `first answer ${tag}`);
    const thread = page.getByRole("region", { name: `Parse JSON ${tag}` });
    await thread.waitFor();

    await ask(page, "Now in Go", "```go\nfunc main() {}\n```");
    const sent = stub.chatRequests().at(-1)?.body as { messages: { content: string }[] };
    expect(sent.messages.map((message) => message.content).slice(1)).toEqual([`Parse JSON ${tag}`, `first answer ${tag}`, "Now in Go"]);
    await thread.getByText(`first answer ${tag}`).waitFor();

    stub.enqueue({ kind: "stream", chunks: ["second version"] });
    await page.getByRole("button", { name: "Regenerate" }).click();
    await page.getByTestId("generation-status").getByText(/^Done/).waitFor();
    await thread.getByText("2 of 2").waitFor();
    await page.getByRole("button", { name: "Previous version" }).click();
    await thread.getByText("1 of 2").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, `conversation-${tag}`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download .md" }).click()]);
    const markdown = await readFile((await download.path())!, "utf8");
    expect(download.suggestedFilename()).toMatch(/^parse-json-.*\.md$/);
    expect(markdown).toContain(`# Parse JSON ${tag}`);
    expect(markdown).toContain("second version");
    await page.close();
  });
});
