import { MongoClient } from "mongodb";
import type { Page } from "playwright-core";
import { signUpThroughTheForm, type SignedInState } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, cumulativeLayoutShift, horizontalOverflow, recordLayoutShifts } from "./helpers/page-checks";

/**
 * Settings in pages, in a real browser against the production build: the
 * sidebar (1280 px) and the tab strip (390 px) by keyboard in both themes,
 * every page fitting, readable and still as it loads; links into the old
 * single page landing on the right one; and an admin viewing as the user
 * finding every control disabled, with the reason above.
 */

const app = appInBrowserForThisFile();

const person = { name: "Barbara Liskov", email: "barbara.sections@example.com", password: "Substitution-Principle-1987" };
const admin = { name: "Frances Allen", email: "frances.sections@example.com", password: "Optimizing-Compilers-1966" };

/** The pages in the navigation's order, with the id of a heading each one shows. */
const PAGES = [
  { slug: "profile", link: "Profile", heading: "profile-heading" },
  { slug: "account", link: "Account", heading: "connected-accounts-heading" },
  { slug: "security", link: "Security", heading: "activity-heading" },
  { slug: "keys", link: "API keys", heading: "api-keys-heading" },
  { slug: "generation", link: "Generation", heading: "history-settings-heading" },
  { slug: "notifications", link: "Notifications", heading: "notices-heading" },
] as const;
const THEMES = ["light", "dark"] as const;

let signedIn: SignedInState;

beforeAll(async () => {
  signedIn = await signUpThroughTheForm(app, person);
});

function settingsNav(page: Page) {
  return page.getByRole("navigation", { name: "Settings" });
}

/** The text of the focused element, once focus has settled on it. */
function focusedText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.textContent ?? null);
}

/** Nothing scrolls sideways and every text keeps 4.5:1, at this size and theme. */
async function expectFitsAndReadable(page: Page, where: object) {
  expect({ ...where, overflow: await horizontalOverflow(page) }).toEqual({ ...where, overflow: 0 });
  expect({ ...where, problems: await contrastProblems(page) }).toEqual({ ...where, problems: [] });
}

describe.each([
  { width: 1280, layout: "sidebar" },
  { width: 390, layout: "tab strip" },
])("at $width px ($layout)", ({ width }) => {
  test.each(THEMES)("%s: Tab and Enter go through every page; each fits, is readable, and arrives complete", async (theme) => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height: 800 }, colorScheme: theme });
    await page.goto("/settings/profile");
    const nav = settingsNav(page);
    await nav.getByRole("link", { name: "Profile" }).focus();

    for (const [index, { slug, link, heading }] of PAGES.entries()) {
      if (index > 0) {
        await page.keyboard.press("Tab");
        expect(await focusedText(page)).toBe(link);
        await page.keyboard.press("Enter");
        await page.waitForURL(`**/settings/${slug}`);
      }
      await page.locator(`#${heading}`).waitFor();
      // Focus stays in the navigation, on the page just opened, which says it is the current one.
      expect(await focusedText(page)).toBe(link);
      expect(await nav.getByRole("link", { name: link }).getAttribute("aria-current")).toBe("page");
      expect(await nav.locator('[aria-current="page"]').count()).toBe(1);
      // The focused tab is on screen, even at the end of a strip that scrolls sideways.
      const box = await nav.getByRole("link", { name: link }).boundingBox();
      expect({ slug, inView: !!box && box.x >= 0 && box.x + box.width <= width }).toEqual({ slug, inView: true });
      await expectFitsAndReadable(page, { slug, width, theme });
      await saveScreenshot(page, `settings-sections-${slug}-${width}-${theme}`);
    }
  });

  test("each page, loaded afresh, arrives complete and does not move", async () => {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height: 800 } });
    await recordLayoutShifts(page);
    for (const { slug, heading } of PAGES) {
      const html = (await (await page.goto(`/settings/${slug}`))?.text()) ?? "";
      expect({ slug, loading: html.includes("Loading") }).toEqual({ slug, loading: false });
      await page.locator(`#${heading}`).waitFor();
      // The current page's tab is in view, also when it starts beyond the edge of a phone's strip.
      await page.waitForFunction(() => {
        const tab = document.querySelector('nav[aria-label="Settings"] [aria-current="page"]')?.getBoundingClientRect();
        return !!tab && tab.left >= 0 && tab.right <= window.innerWidth;
      });
      await page.waitForLoadState("networkidle");
      const shift = await cumulativeLayoutShift(page);
      expect({ slug, width, shift: shift <= 0.01 }).toEqual({ slug, width, shift: true });
    }
  });
});

test("the pictures in docs/: API keys at 1280 px light, a phone in dark", async () => {
  const desktop = await app.newPage({ storageState: signedIn, viewport: { width: 1280, height: 720 }, colorScheme: "light" });
  await desktop.goto("/settings/keys");
  await desktop.locator("#api-keys-heading").waitFor();
  await desktop.screenshot({ path: "artifacts/e2e/docs-settings-keys-light.png" });
  const phone = await app.newPage({ storageState: signedIn, viewport: { width: 390, height: 760 }, colorScheme: "dark" });
  await phone.goto("/settings/account");
  await phone.locator("#email-heading").waitFor();
  await phone.screenshot({ path: "artifacts/e2e/docs-settings-phone-dark.png" });
});

test("links into the old single page land on the page their section is on now", async () => {
  const page = await app.newPage({ storageState: signedIn });
  for (const [anchor, slug] of [
    ["api-keys", "keys"],
    ["sessions", "security"],
    ["connected-accounts", "account"],
    ["notices", "notifications"],
  ] as const) {
    await page.goto(`/settings#${anchor}`);
    await page.waitForURL((url) => url.pathname === `/settings/${slug}` && url.hash === `#${anchor}`);
    await page.locator(`#${anchor}`).waitFor();
  }
  // Without a known anchor, /settings is the first page and stays there.
  await page.goto("/settings#somewhere");
  await page.waitForURL((url) => url.pathname === "/settings/profile");
  await page.locator("#profile-heading").waitFor();
  expect(new URL(page.url()).pathname).toBe("/settings/profile");
});

/** Makes the account with `email` an admin, and returns the id of the one with `viewed`, straight in the app's database. */
async function promoteAndFind(email: string, viewed: string): Promise<string> {
  const client = new MongoClient(app.server.databaseUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const users = client.db().collection("users");
    expect((await users.updateOne({ email }, { $set: { role: "admin" } })).matchedCount).toBe(1);
    const user = await users.findOne({ email: viewed });
    if (!user) throw new Error(`no account with the email ${viewed}`);
    return user._id.toHexString();
  } finally {
    await client.close();
  }
}

test("viewing as the user, every page of Settings is read-only and says why, readable at 390 and 1280 px in both themes", async () => {
  await signUpThroughTheForm(app, admin);
  const viewedId = await promoteAndFind(admin.email, person.email);
  const page = await app.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto("/auth/signin?callbackUrl=%2Fadmin");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  await page.goto(`/admin/users/${viewedId}`);
  await page.getByRole("button", { name: "View as this user" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  const why = `you are viewing as ${person.name}. Settings can only be changed by the account owner.`;
  for (const { slug, heading } of PAGES) {
    await page.goto(`/settings/${slug}`);
    await page.locator(`#${heading}`).waitFor();
    await page.getByText(why).waitFor();
    // Every control in the sections is disabled, for the mouse, the keyboard and screen readers alike.
    const controls = page.locator("main fieldset :is(button, input, select, textarea)");
    expect(await controls.count()).toBeGreaterThan(0);
    const enabled = await controls.evaluateAll((elements) => elements.filter((element) => !(element as HTMLButtonElement).matches(":disabled")).length);
    expect({ slug, enabled }).toEqual({ slug, enabled: 0 });
    expect(await page.locator(`main fieldset[disabled][aria-describedby="view-as-read-only"] #${heading}`).count()).toBe(1);
  }
  // The navigation still works: looking around is what the support view is for.
  await settingsNav(page).getByRole("link", { name: "API keys" }).click();
  await page.waitForURL("**/settings/keys");
  expect(await page.getByRole("button", { name: "Add Together AI key" }).isDisabled()).toBe(true);

  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.getByText(why).waitFor();
      await expectFitsAndReadable(page, { width, theme });
      await saveScreenshot(page, `settings-sections-view-as-${width}-${theme}`);
    }
  }

  await page.getByRole("button", { name: "Stop viewing" }).click();
  await page.waitForURL("**/admin/users/**");
});
