import { MongoClient } from "mongodb";
import type { Page } from "playwright-core";
import { signUpThroughTheForm } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * The admin list's filters and order in a real browser, by keyboard: the
 * choices land in the address, survive a reload and Back/Forward; and "view
 * as" reads as what it is: a banner on every page that stays in view, a
 * header that says whose session Sign out ends, and a read-only /generate.
 * At 390 and 1280 px, light and dark, with text contrast checked.
 */

const app = appInBrowserForThisFile();

const PASSWORD = "violet-Harbor-42-lantern";
const ADMIN = { name: "Grace Admin", email: "grace.admin@example.com", password: PASSWORD };
const PEOPLE = [
  { name: "Carol Verified", email: "carol@example.com", password: PASSWORD, verified: true },
  { name: "Ada Verified", email: "ada@example.com", password: PASSWORD, verified: true },
  { name: "Bob Unverified", email: "bob@example.com", password: PASSWORD, verified: false },
];
const LAYOUTS = [
  { width: 390, theme: "light" },
  { width: 390, theme: "dark" },
  { width: 1280, theme: "light" },
  { width: 1280, theme: "dark" },
] as const;

/** Changes the accounts straight in the app's database: the admin's role and who is verified. */
async function prepareAccounts() {
  const client = new MongoClient(app.server.databaseUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const users = client.db().collection("users");
    await users.updateOne({ email: ADMIN.email }, { $set: { role: "admin", emailVerified: new Date() } });
    for (const person of PEOPLE.filter((p) => p.verified)) await users.updateOne({ email: person.email }, { $set: { emailVerified: new Date() } });
  } finally {
    await client.close();
  }
}

async function signInAsAdmin(): Promise<Page> {
  const page = await app.newPage();
  await page.goto("/auth/signin?callbackUrl=%2Fadmin");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  return page;
}

/** Presses Tab until the focused control is the one labelled `label` (by its <label>), or fails. */
async function tabTo(page: Page, label: string) {
  for (let presses = 0; presses < 30; presses += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      if (element instanceof HTMLSelectElement || element instanceof HTMLInputElement) return element.labels?.[0]?.textContent ?? null;
      return element?.textContent ?? null;
    });
    if (focused?.trim() === label) return;
  }
  throw new Error(`Tab never reached "${label}"`);
}

async function listedNames(page: Page): Promise<string[]> {
  return page.locator("tbody th a").allTextContents();
}

async function checkLayout(page: Page, name: string, width: number, theme: "light" | "dark") {
  expect({ name, width, theme, overflow: await horizontalOverflow(page) }).toEqual({ name, width, theme, overflow: 0 });
  expect({ name, width, theme, problems: await contrastProblems(page) }).toEqual({ name, width, theme, problems: [] });
  await saveScreenshot(page, `${name}-${width}-${theme}`);
}

beforeAll(async () => {
  for (const person of [ADMIN, ...PEOPLE]) await signUpThroughTheForm(app, person);
  await prepareAccounts();
}, 120_000);

test("filters by role and verified and sorts by name, by keyboard; the address keeps the choices through reload, Back and Forward", async () => {
  const page = await signInAsAdmin();
  for (const { width, theme } of LAYOUTS) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: theme });
    await page.goto("/admin");
    await page.getByLabel("Search users").focus();
    await tabTo(page, "Role");
    await page.keyboard.press("ArrowDown"); // Any → User
    await tabTo(page, "Email verified");
    await page.keyboard.press("ArrowDown"); // Any → Verified
    await tabTo(page, "Sort by");
    await page.keyboard.press("ArrowDown"); // Created → Last sign-in
    await page.keyboard.press("ArrowDown"); // → Name
    await tabTo(page, "Apply");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("sort") === "name");
    const params = Object.fromEntries(new URL(page.url()).searchParams);
    expect(params).toMatchObject({ role: "user", verified: "yes", sort: "name" });
    expect(await listedNames(page)).toEqual(["Ada Verified", "Carol Verified"]);
    await page.getByText("2 users match the filters", { exact: true }).waitFor();
    await checkLayout(page, "admin-filters", width, theme);

    await page.reload();
    expect(await page.getByLabel("Role").inputValue()).toBe("user");
    expect(await page.getByLabel("Email verified").inputValue()).toBe("yes");
    expect(await page.getByLabel("Sort by").inputValue()).toBe("name");
    expect(await listedNames(page)).toEqual(["Ada Verified", "Carol Verified"]);

    await page.goBack();
    await page.waitForURL((url) => url.search === "");
    expect((await listedNames(page)).sort()).toEqual(["Ada Verified", "Bob Unverified", "Carol Verified", "Grace Admin"]);
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get("sort") === "name");
    expect(await listedNames(page)).toEqual(["Ada Verified", "Carol Verified"]);
  }
});

test("view as: the banner stays in view on every page, Sign out says whose session it ends, and /generate is read-only", async () => {
  const page = await signInAsAdmin();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("link", { name: "Ada Verified" }).click();
  await page.waitForURL("**/admin/users/**");
  await page.getByRole("button", { name: "View as this user" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  const banner = page.getByRole("status").filter({ hasText: "You are viewing KeyForge as" });
  for (const { width, theme } of LAYOUTS) {
    await page.setViewportSize({ width, height: 700 });
    await page.emulateMedia({ colorScheme: theme });
    for (const path of ["/", "/generate", "/settings"]) {
      await page.goto(path);
      await page.locator("main h1").waitFor();
      expect(await banner.textContent()).toMatch(/Ada Verified, read-only, until .+\. You are signed in as Grace Admin\./);
      expect(await banner.getByRole("button", { name: "Stop viewing" }).getAttribute("aria-describedby")).toBeTruthy();
      // Scrolled to the end of the page, the banner is still at the top of the window.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      expect((await banner.boundingBox())?.y).toBe(0);
      await page.evaluate(() => window.scrollTo(0, 0));

      if (width < 768) await page.getByRole("button", { name: "Menu" }).click();
      const signOut = page.getByRole("banner").getByRole("button", { name: "Sign out", exact: true });
      await signOut.waitFor();
      const note = await page.locator(`#${await signOut.getAttribute("aria-describedby")}`).textContent();
      expect(note).toBe("Ends your view of Ada Verified's account and signs you (Grace Admin) out of this browser");
      if (path === "/generate") {
        await page.getByText("Read-only: you are viewing as Ada Verified.").waitFor();
        expect(await page.getByLabel("Describe the code you want").isDisabled()).toBe(true);
        expect(await page.getByRole("button", { name: "Generate", exact: true }).isDisabled()).toBe(true);
        await page.getByText("History is private: it is not shown while viewing as someone.").waitFor();
        expect(await page.getByText("could not be loaded").count()).toBe(0);
      }
      await checkLayout(page, `view-as${path === "/" ? "-home" : path.replace("/", "-")}`, width, theme);
    }
  }

  await page.getByRole("button", { name: "Stop viewing" }).click();
  await page.waitForURL("**/admin/users/**");
  expect(await page.getByText("You are viewing KeyForge as").count()).toBe(0);
});
