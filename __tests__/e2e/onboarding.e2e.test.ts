import type { Locator, Page } from "playwright-core";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { markEmailVerified, signUpThroughTheForm } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Onboarding that finishes in place, in a real browser against the
 * production build and a stub Together AI on 127.0.0.1, at 390 and 1280 px
 * in both themes: the start page's prompt box posts to /generate; "Add your
 * key" opens the key form focused; a refused, an unreachable and an accepted
 * key each say so as they are saved; "Generate now" starts the prompt typed
 * on the start page; the first steps go once done; and Escape in a key's
 * Remove confirmation puts focus back on Remove.
 *
 * The start page links to /settings/keys?add=togetherAI, the page that
 * shows the API keys section, and the test follows that address.
 */

/** The app's environment: the stub's address goes in before the app starts (the stub's beforeAll runs first). */
const appEnv: Record<string, string> = {};
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });

const app = appInBrowserForThisFile({ env: appEnv });

const KEYS_SETTINGS = "/settings/keys?add=togetherAI";
const KEY_CREATION_URL = "https://api.together.ai/settings/api-keys";

const LAYOUTS = [
  { width: 1280, height: 800, theme: "light" },
  { width: 1280, height: 800, theme: "dark" },
  { width: 390, height: 844, theme: "light" },
  { width: 390, height: 844, theme: "dark" },
] as const;

function keyRow(page: Page): Locator {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Together AI", exact: true }) });
}

function answer(page: Page): Locator {
  return page.getByRole("region", { name: "Answer" });
}

/** Waits until focus is on the element with this id or this text (focus moves after React commits). */
async function waitForFocus(page: Page, target: { id: string } | { text: string }) {
  await page.waitForFunction((expected) => {
    const active = document.activeElement;
    return "id" in expected ? active?.id === expected.id : active?.textContent === expected.text;
  }, target);
}

/** Nothing scrolls sideways, and all text keeps 4.5:1 contrast, where the page is now. */
async function checkLayout(page: Page, where: string) {
  expect({ where, overflow: await horizontalOverflow(page) }).toEqual({ where, overflow: 0 });
  expect({ where, problems: await contrastProblems(page) }).toEqual({ where, problems: [] });
}

/** Saves `key` through the open key form of the Together AI row (keyboard: type, Enter). */
async function saveKey(page: Page, key: string) {
  const row = keyRow(page);
  const input = row.getByLabel(/Together AI key/);
  await input.fill(key);
  await input.press("Enter");
}

/** Opens the row's key form again with Replace. */
async function replaceKey(page: Page) {
  await keyRow(page).getByRole("button", { name: "Replace Together AI key" }).click();
  await waitForFocus(page, { id: "api-key-togetherAI" });
}

/** The chat requests the stub received whose prompt contains `text`. */
function chatsFor(text: string) {
  return stub.chatRequests().filter((request) => JSON.stringify(request.body).includes(text));
}

describe.each(LAYOUTS)("onboarding at $width px, $theme", ({ width, height, theme }) => {
  const tag = `${width}-${theme}`;
  const person = { name: `Ada ${tag}`, email: `ada.onboarding.${tag}@example.com`, password: "Analytical-Engine-1843" };
  const prompt = `A Rust function that parses ISO dates (${tag})`;
  const refusedKey = `tgp_v1_refused-${tag}-0123456789abcdef`;
  const unreachableKey = `tgp_v1_offline-${tag}-0123456789abcdef`;
  const acceptedKey = `tgp_v1_accepted-${tag}-0123456789abcdef`;

  test("from the start page's prompt, through adding a key, to a first answer; then the first steps go", async () => {
    const storageState = await signUpThroughTheForm(app, person);
    await markEmailVerified(app.server, person.email);
    const page = await app.newPage({ storageState, viewport: { width, height }, colorScheme: theme });

    // The start page: first steps, with "Add your key" pointing at the key form.
    await page.goto("/");
    const firstSteps = page.getByRole("region", { name: "Get started" });
    await firstSteps.getByText("1 of 3 done").waitFor();
    const addKey = firstSteps.getByRole("link", { name: "Add your key in Settings" });
    expect(await addKey.getAttribute("href")).toBe("/settings/keys?add=togetherAI");
    await checkLayout(page, "start page");

    // The prompt box posts to /generate: the prompt is in the form there, never in the URL. Without a key it waits.
    await page.getByLabel("Describe the code you want").fill(prompt);
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/generate");
    expect(new URL(page.url()).search).toBe("");
    expect(await page.getByLabel("Describe the code you want").inputValue()).toBe(prompt);
    await page.getByText("Add your Together AI key to generate code").waitFor();
    expect(chatsFor(prompt)).toHaveLength(0);
    await checkLayout(page, "generate without a key");

    // "Add your key": the key form is open and its input focused as the page arrives.
    await page.goto(KEYS_SETTINGS);
    await waitForFocus(page, { id: "api-key-togetherAI" });
    const row = keyRow(page);

    // Refused: said so, with where keys are created (a new tab, no referrer or opener).
    await saveKey(page, refusedKey);
    await row.getByText("Together AI refused the key — check it.").waitFor();
    const createKey = row.getByRole("link", { name: /Get a key from Together AI/ });
    expect(await createKey.getAttribute("href")).toBe(KEY_CREATION_URL);
    expect(await createKey.getAttribute("target")).toBe("_blank");
    expect(await createKey.getAttribute("rel")).toBe("noopener noreferrer");
    await row.locator("[data-last-check='rejected']").getByText(/^Checked .+: refused$/).waitFor();
    await waitForFocus(page, { text: "Replace Together AI key" });
    await checkLayout(page, "settings, key refused");
    await saveScreenshot(page, `onboarding-${tag}-key-refused`);

    // Unreachable: saved, not yet checked.
    stub.failModels(503);
    await replaceKey(page);
    await saveKey(page, unreachableKey);
    await row.getByText("Couldn't reach Together AI — saved, not yet checked.").waitFor();
    await row.getByText(/^Checked .+: couldn't reach Together AI$/).waitFor();
    stub.failModels(null);

    // Accepted: "Generate now".
    stub.acceptKeys(acceptedKey);
    await replaceKey(page);
    await saveKey(page, acceptedKey);
    await row.getByText("Together AI accepted the key.").waitFor();
    await row.locator("[data-last-check='valid']").getByText(/^Checked just now: accepted$/).waitFor();
    await checkLayout(page, "settings, key accepted");
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, `onboarding-${tag}-key-accepted`);
    if (tag === "1280-light") await page.screenshot({ path: "docs/onboarding-light.png" });

    // "Generate now": /generate starts the prompt typed on the start page, once.
    await row.getByRole("link", { name: "Generate now" }).click();
    await page.waitForURL((url) => url.pathname === "/generate");
    await answer(page).getByText(/^Done: first token after .+, finished in .+\.$/).waitFor();
    expect(await page.getByLabel("Describe the code you want").inputValue()).toBe(prompt);
    expect(chatsFor(prompt)).toHaveLength(1);
    expect(chatsFor(prompt)[0]?.authorization).toBe(`Bearer ${acceptedKey}`);
    await checkLayout(page, "generate, answer done");
    await saveScreenshot(page, `onboarding-${tag}-generated`);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Generate code" }).waitFor();
    expect(await page.getByText(/^Done: /).count()).toBe(0);
    expect(chatsFor(prompt)).toHaveLength(1);

    // All steps done: the checklist is gone. With a key, the prompt box starts generating on /generate directly.
    await page.goto("/");
    await page.getByRole("heading", { level: 1, name: `Welcome back, ${person.name}` }).waitFor();
    expect(await page.getByRole("region", { name: "Get started" }).count()).toBe(0);
    const second = `${prompt}, and its tests`;
    await page.getByLabel("Describe the code you want").fill(second);
    await page.getByLabel("Describe the code you want").press("Control+Enter");
    await page.waitForURL((url) => url.pathname === "/generate");
    await answer(page).getByText(/^Done: first token after /).waitFor();
    expect(new URL(page.url()).search).toBe("");
    expect(chatsFor(second)).toHaveLength(1);
  });

  test("Escape in a key's Remove confirmation keeps focus on Remove", async () => {
    const page = await app.newPage({ viewport: { width, height }, colorScheme: theme });
    await page.goto("/auth/signin?callbackUrl=%2Fsettings%2Fkeys");
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/settings/keys");

    const row = keyRow(page);
    const remove = row.getByRole("button", { name: "Remove Together AI key" });
    await remove.focus();
    await page.keyboard.press("Enter");
    const confirm = row.getByRole("group", { name: /Remove your Together AI key\?/ });
    await confirm.waitFor();
    await waitForFocus(page, { text: "Keep it" });
    await checkLayout(page, "settings, remove confirmation");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    await waitForFocus(page, { text: "Remove Together AI key" });

    // "Keep it" pressed by keyboard goes back to Remove too; the key is still there.
    await page.keyboard.press("Enter");
    await confirm.waitFor();
    await waitForFocus(page, { text: "Keep it" });
    await page.keyboard.press("Enter");
    await confirm.waitFor({ state: "detached" });
    await waitForFocus(page, { text: "Remove Together AI key" });
    await row.locator("code").waitFor();
  });
});
