import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { decode, encode } from "next-auth/jwt";
import type { Page } from "playwright-core";
import { signUpThroughTheForm, type SignedInState } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { repoRoot } from "./helpers/next-process";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";
import { TWO_FACTOR_APP_ENV } from "./helpers/two-factor";

/**
 * "Download your data" in a real browser against the production build: the
 * button on Settings → Your data saves a JSON file holding the history, at
 * 390 and 1280 px in both themes, by keyboard; a sign-in over 10 minutes old
 * asks for the password first; and the hourly limit's refusal is shown in words.
 */

// Four journeys and the stale sign-in's download are one account's five.
const EXPORTS_PER_HOUR = 5;
/** The app's session secret, so a test can age a session cookie as time would. */
const secret = randomBytes(32).toString("base64url");
const app = appInBrowserForThisFile({ env: { ...TWO_FACTOR_APP_ENV, NEXTAUTH_SECRET: secret, DATA_EXPORTS_PER_HOUR: String(EXPORTS_PER_HOUR) } });
const SESSION_COOKIE = "__Secure-next-auth.session-token";

const person = { name: "Grace Hopper", email: "grace.export@example.com", password: "Compiler-Pioneer-1952" };
const HISTORY = 25;

let signedIn: SignedInState;

/** Gives the account `count` history entries, sealed with the app's own keys (helpers/seed-history.ts). */
async function seedHistory(email: string, count: number): Promise<void> {
  await promisify(execFile)(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(__dirname, "helpers/seed-history.ts"), email, String(count)], {
    cwd: repoRoot,
    env: { ...process.env, ...TWO_FACTOR_APP_ENV, NEXTAUTH_SECRET: "unused-by-this-script-0123456789abcdef", MONGODB_URI: app.server.databaseUri, NODE_ENV: "test" },
  });
}

beforeAll(async () => {
  signedIn = await signUpThroughTheForm(app, person);
  await seedHistory(person.email, HISTORY);
});

/** Focuses the download button by keyboard and presses Enter; the download that follows. */
async function downloadByKeyboard(page: Page) {
  const button = page.getByRole("button", { name: "Download your data" });
  await button.focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  return download;
}

describe.each([1280, 390])("at %i px", (width) => {
  test.each(["light", "dark"] as const)("%s: the button saves a JSON file with the history, and says so", async (theme) => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height: 900 }, colorScheme: theme });
    await page.goto("/settings/data");
    await page.locator("#data-export-heading").waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await contrastProblems(page)).toEqual([]);

    const download = await downloadByKeyboard(page);
    expect(download.suggestedFilename()).toMatch(/^keyforge-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await readFile(await download.path(), "utf8")) as { format: string; profile: { email: string }; generations: { text: { prompt: string } }[] };
    expect(file.format).toBe("keyforge-export/1");
    expect(file.profile.email).toBe(person.email);
    expect(file.generations).toHaveLength(HISTORY);
    expect(file.generations[HISTORY - 1]?.text).toEqual({ prompt: `prompt ${HISTORY - 1}`, answer: `answer ${HISTORY - 1}` });

    await page.getByRole("status").filter({ hasText: "Your data is downloaded" }).waitFor();
    expect(await page.getByRole("button", { name: "Download your data" }).isEnabled()).toBe(true);
    await saveScreenshot(page, `data-export-${width}-${theme}`);
    await page.close();
  });
});

test("past the hourly limit, the refusal is shown in words and nothing is saved", async () => {
  const other = { name: "Ada Lovelace", email: "ada.export@example.com", password: "Analytical-Engine-1843" };
  const state = await signUpThroughTheForm(app, other);
  const page = await app.newPage({ storageState: state, viewport: { width: 390, height: 900 } });
  await page.goto("/settings/data");
  for (let i = 0; i < EXPORTS_PER_HOUR; i += 1) {
    await downloadByKeyboard(page);
    await page.getByRole("status").filter({ hasText: "Your data is downloaded" }).waitFor();
  }
  const saved: unknown[] = [];
  page.on("download", (download) => saved.push(download));
  await page.getByRole("button", { name: "Download your data" }).click();
  await page.getByRole("alert").filter({ hasText: `You can download your data ${EXPORTS_PER_HOUR} times an hour.` }).waitFor();
  expect(await page.getByRole("alert").filter({ hasText: "times an hour" }).textContent()).toMatch(/try again in about/i);
  expect(saved).toEqual([]);
  await saveScreenshot(page, "data-export-limit-390");
  await page.close();
});

/** `state` with its session cookie's sign-in moved `minutes` into the past. */
async function signedInMinutesAgo(state: SignedInState, minutes: number): Promise<SignedInState> {
  if (!state || typeof state === "string") throw new Error("expected a storage state object");
  const cookies = await Promise.all(
    state.cookies.map(async (cookie) => {
      if (cookie.name !== SESSION_COOKIE) return cookie;
      const token = await decode({ token: cookie.value, secret });
      if (!token) throw new Error("the session cookie did not decode");
      return { ...cookie, value: await encode({ token: { ...token, authTime: Date.now() - minutes * 60_000 }, secret }) };
    }),
  );
  return { ...state, cookies };
}

test("a sign-in over 10 minutes old asks for the password, then downloads", async () => {
  const page = await app.newPage({ storageState: await signedInMinutesAgo(signedIn, 11), viewport: { width: 390, height: 900 } });
  await page.goto("/settings/data");
  await page.getByRole("button", { name: "Download your data" }).focus();
  await page.keyboard.press("Enter");

  const password = page.getByLabel("Your password");
  await password.waitFor();
  expect(await password.evaluate((input) => input === document.activeElement)).toBe(true);
  await saveScreenshot(page, "data-export-reauth-390");
  await password.fill(person.password);
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const file = JSON.parse(await readFile(await download.path(), "utf8")) as { generations: unknown[] };
  expect(file.generations).toHaveLength(HISTORY);
  await page.getByRole("status").filter({ hasText: "Your data is downloaded" }).waitFor();
  await page.close();
});
