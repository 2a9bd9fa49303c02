import type { Locator, Page } from "playwright-core";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { markEmailVerified, skipEmailCode } from "./helpers/accounts";
import { saveScreenshot } from "./helpers/browser";
import { horizontalOverflow } from "./helpers/page-checks";

/**
 * Code generation in a real browser against the production build, with a
 * stub Together AI server on 127.0.0.1 speaking the real streaming protocol:
 * the first step without a key, saving and checking a key, an answer that
 * shows while the stub still holds its last chunk, highlighted code and Copy,
 * history, Stop and Esc that close the upstream request, and the start page.
 * The tests share one account and run in order.
 */

/** The app's environment: the stub's address goes in before the app starts (the stub's beforeAll runs first). */
const appEnv: Record<string, string> = {};
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });

const app = appInBrowserForThisFile({ env: appEnv });

const person = { name: "Margaret Hamilton", email: "margaret.generate@example.com", password: "Apollo-Guidance-1969" };
const togetherKey = "tgp_v1_stubKey-0123456789abcdefXYZ";

/** A deferred promise: the stub waits on it before sending the last chunk. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function signUp(page: Page) {
  await page.goto("/auth/signup?callbackUrl=%2F");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await skipEmailCode(page, "/");
  // Storing a key and generating need a verified address; this file is about generating.
  await markEmailVerified(app.server, person.email);
  await page.reload();
}

async function signIn(page: Page, path: string) {
  await page.goto(`/auth/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** Full-page screenshots at desktop and phone widths, nothing wider than the screen down to 320 px, back to desktop afterwards. */
async function screenshots(page: Page, name: string) {
  await saveScreenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `${name}-390`);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 320, height: 700 });
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });
}

function answer(page: Page): Locator {
  return page.getByRole("region", { name: "Answer" });
}

function history(page: Page): Locator {
  return page.getByRole("region", { name: "History" });
}

async function generate(page: Page, prompt: string) {
  await page.getByLabel("Describe the code you want").fill(prompt);
  await page.getByRole("button", { name: "Generate", exact: true }).click();
}

test("without a key: the start page's first steps, and /generate says where to add one", async () => {
  const page = await app.newPage();
  await signUp(page);
  await page.getByRole("heading", { level: 1, name: `Welcome to KeyForge, ${person.name}` }).waitFor();
  const firstSteps = page.getByRole("region", { name: "Get started" });
  await firstSteps.getByText("1 of 3 done").waitFor();
  expect(await firstSteps.getByRole("heading", { name: "Create your account and confirm your email (done)" }).count()).toBe(1);
  expect(await firstSteps.getByRole("link", { name: "Add your key in Settings" }).getAttribute("href")).toBe("/settings/keys?add=togetherAI");
  await page.getByRole("region", { name: "Recent generations" }).getByText("Nothing yet.").waitFor();
  await screenshots(page, "generate-01-home-first-step");

  // The home prompt box posts its text to /generate (held there until a key is stored: onboarding.e2e.test.ts).
  await page.getByLabel("Describe the code you want").fill("A debounce helper");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/generate");
  expect(await page.getByLabel("Describe the code you want").inputValue()).toBe("A debounce helper");
  const nav = page.getByRole("navigation");
  expect(await nav.getByRole("link", { name: "Generate" }).getAttribute("aria-current")).toBe("page");
  expect(await nav.getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBeNull();

  await page.getByText("Add your Together AI key to generate code").waitFor();
  // The server agrees: NO_API_KEY, shown as an alert that links to Settings.
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  const alert = answer(page).getByRole("alert");
  await alert.getByRole("link", { name: "Add it in Settings" }).waitFor();
  // One notice, not two: the page's note gives way to the alert.
  expect(await page.getByText("Add your Together AI key to generate code").count()).toBe(1);
  expect(stub.chatRequests()).toHaveLength(0);
  await screenshots(page, "generate-02-no-key");
});

test("save and check a key, then generate: text streams in, code is highlighted, Copy, history, Stop and Esc", async () => {
  const page = await app.newPage();
  await signIn(page, "/settings/keys");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);

  // Settings: save the key, then Check asks the stub's /models with it.
  stub.acceptKeys(togetherKey);
  const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Together AI", exact: true }) });
  await row.getByRole("button", { name: "Add Together AI key" }).click();
  await row.getByLabel("Together AI key", { exact: true }).fill(togetherKey);
  await row.getByRole("button", { name: "Save key" }).click();
  await row.getByText("Together AI accepted the key.").waitFor();
  await row.getByRole("button", { name: "Check Together AI key" }).click();
  await row.locator("[data-check='valid']").waitFor();
  expect(stub.requests.some((request) => request.path === "/v1/models" && request.authorization === `Bearer ${togetherKey}`)).toBe(true);
  await saveScreenshot(page, "generate-03-settings-key-checked");

  // The start page ticks off the key; generating is the step left.
  await page.goto("/");
  const firstSteps = page.getByRole("region", { name: "Get started" });
  await firstSteps.getByText("2 of 3 done").waitFor();
  await firstSteps.getByRole("link", { name: "Open Generate" }).waitFor();

  // The prompt posted from the start page in the first test was held for want of a key: /generate now starts it.
  await page.goto("/generate");
  await answer(page).getByText(/^Done: first token after /).waitFor();
  stub.requests.length = 0;
  // The next prompt starts a conversation of its own (else it would follow this one up, under this one's title).
  await page.getByRole("button", { name: "New conversation" }).click();

  // Generate: the first chunks show while the stub still holds the last one.
  const last = gate();
  stub.enqueue({
    kind: "stream",
    chunks: ["Here is a **greeting**:\n\n", "```ts\nconst greeting: string = \"hello\";\n", "console.log(greeting);\n```\n"],
    holdLast: last.promise,
  });
  await page.getByRole("navigation").getByRole("link", { name: "Generate" }).click();
  await page.waitForURL((url) => url.pathname === "/generate");
  await page.getByRole("heading", { level: 1, name: "Generate code" }).waitFor();
  await generate(page, "Greet the world in TypeScript");
  await answer(page).locator("strong", { hasText: "greeting" }).waitFor();
  await answer(page).getByText("Writing the answer…").waitFor();
  expect(await answer(page).textContent()).not.toContain("console.log");
  await page.getByRole("button", { name: /^Stop/ }).waitFor();
  await saveScreenshot(page, "generate-04-streaming");
  last.open();

  await answer(page).getByText(/^Done: first token after .+, finished in .+\.$/).waitFor();
  const code = answer(page).locator("pre code");
  await code.getByText("console.log").first().waitFor();
  expect(await code.locator("[class^='hljs-']").count()).toBeGreaterThan(0);
  expect(await answer(page).locator("img").count()).toBe(0);
  const chat = stub.chatRequests()[0];
  expect(chat?.authorization).toBe(`Bearer ${togetherKey}`);

  await answer(page).getByRole("button", { name: "Copy code" }).click();
  await answer(page).getByRole("status").filter({ hasText: "Copied" }).first().waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('const greeting: string = "hello";\nconsole.log(greeting);\n');
  await answer(page).getByRole("button", { name: "Copy answer" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("Here is a **greeting**");

  // The history lists it, and it opens rendered the same way.
  const entry = history(page).getByRole("button", { name: /^Greet the world in TypeScript/ });
  await entry.waitFor();
  await screenshots(page, "generate-05-done");

  // The prompt survives a reload.
  await page.reload();
  expect(await page.getByLabel("Describe the code you want").inputValue()).toBe("Greet the world in TypeScript");

  // Stop: the stub sees the upstream request closed.
  stub.enqueue({ kind: "stall", chunks: ["Working on it"] });
  await generate(page, "Something long");
  await answer(page).getByText("Working on it").waitFor();
  await page.getByRole("button", { name: /^Stop/ }).click();
  await answer(page).getByText(/^Stopped after /).waitFor();
  expect(await stub.chatRequests()[1]?.closed).toBe(true);
  await saveScreenshot(page, "generate-06-stopped");

  // Esc stops too.
  stub.enqueue({ kind: "stall", chunks: ["Still going"] });
  await generate(page, "Something else long");
  await answer(page).getByText("Still going").waitFor();
  await page.keyboard.press("Escape");
  await answer(page).getByText(/^Stopped after /).waitFor();
  expect(await stub.chatRequests()[2]?.closed).toBe(true);

  // The conversation from the history: open, then delete after confirming (the follow-ups above went into it).
  await entry.click();
  const opened = page.getByRole("region", { name: "Greet the world in TypeScript" });
  await opened.locator("pre code [class^='hljs-']").first().waitFor();
  await screenshots(page, "generate-07-history-entry");
  await history(page).getByRole("button", { name: "Delete “Greet the world in TypeScript”" }).click();
  await history(page).getByRole("group", { name: /Delete this conversation/ }).getByRole("button", { name: "Delete conversation" }).click();
  await entry.waitFor({ state: "detached" });
  // It was the open one: the page starts a new conversation.
  await opened.waitFor({ state: "detached" });
});

test("the start page lists recent generations once there are some", async () => {
  const page = await app.newPage();
  await signIn(page, "/");
  const recent = page.getByRole("region", { name: "Recent generations" });
  await recent.getByRole("link", { name: /Something long/ }).waitFor();
  // Key stored and code generated: the first steps are done and make way.
  await page.getByRole("heading", { level: 1, name: `Welcome back, ${person.name}` }).waitFor();
  expect(await page.getByRole("region", { name: "Get started" }).count()).toBe(0);
  await screenshots(page, "generate-08-home-recent");
});

test("an answer cut short ends with an alert; a provider rate limit says when to retry", async () => {
  const page = await app.newPage();
  await signIn(page, "/generate");

  stub.enqueue({ kind: "cut", chunks: ["Half of the answer"] });
  await generate(page, "Cut me short");
  await answer(page).getByText("Half of the answer").waitFor();
  const interruption = answer(page).getByRole("alert");
  await interruption.getByText("The provider failed while answering; the answer above is incomplete.").waitFor();
  // The marker line itself is not part of the rendered answer.
  expect(await answer(page).locator("p", { hasText: "[KeyForge]" }).count()).toBe(0);
  await saveScreenshot(page, "generate-09-interrupted");

  stub.enqueue({ kind: "status", status: 429, headers: { "retry-after": "20" } });
  await generate(page, "Rate-limit me");
  await answer(page).getByRole("alert").getByText(/Try again in 20 s/).waitFor();
  await saveScreenshot(page, "generate-10-provider-rate-limited");
});

test("Settings: history off keeps new prompts out of it; Delete all history says how many it deleted", async () => {
  const page = await app.newPage();
  await signIn(page, "/settings/generation");
  const section = page.getByRole("region", { name: "Generation history" });
  const toggle = section.getByRole("switch", { name: "Keep generation history" });
  expect(await toggle.getAttribute("aria-checked")).toBe("true");
  await toggle.click();
  await section.getByText("History is off: new prompts and answers are not kept.").waitFor();
  expect(await toggle.getAttribute("aria-checked")).toBe("false");
  await page.reload();
  expect(await toggle.getAttribute("aria-checked")).toBe("false");

  await page.goto("/generate");
  await history(page).getByRole("listitem").first().waitFor();
  const before = await history(page).getByRole("listitem").count();
  await generate(page, "Not for the history");
  await answer(page).getByText(/^Done: /).waitFor();
  await page.reload();
  await history(page).getByRole("listitem").first().waitFor();
  expect(await history(page).getByRole("listitem").count()).toBe(before);
  expect(await history(page).getByText("Not for the history").count()).toBe(0);

  await page.goto("/settings/generation");
  await section.getByRole("button", { name: "Delete all history" }).click();
  const confirm = section.getByRole("group", { name: /Delete every prompt and answer/ });
  await confirm.waitFor();
  await saveScreenshot(page, "generate-11-settings-delete-history-confirm");
  await confirm.getByRole("button", { name: "Delete all history" }).click();
  await section.getByText(/^Deleted \d+ entr(y|ies) from your history\.$/).waitFor();

  await page.goto("/generate");
  await history(page).getByText(/^Nothing yet/).waitFor();
});

test("signing out forgets the prompt this browser kept", async () => {
  const page = await app.newPage();
  await signIn(page, "/generate");
  await page.getByLabel("Describe the code you want").fill("Something private");
  // Kept for a reload while signed in ...
  await page.reload();
  expect(await page.getByLabel("Describe the code you want").inputValue()).toBe("Something private");
  // ... and gone once this person signs out, so the next one on this computer does not see it.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.getByRole("link", { name: "Sign in" }).first().waitFor();
  const kept = await page.evaluate(() => Object.keys(window.localStorage).filter((key) => key.startsWith("keyforge.generate")));
  expect(kept).toEqual([]);
  await signIn(page, "/generate");
  expect(await page.getByLabel("Describe the code you want").inputValue()).toBe("");
});
