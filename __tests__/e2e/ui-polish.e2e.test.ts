import type { Page } from "playwright-core";
import { signUpThroughTheForm, type SignedInState } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { cumulativeLayoutShift, recordLayoutShifts } from "./helpers/page-checks";

/**
 * What makes the product feel finished, in a real browser: the theme switch
 * (remembered, right before the first paint), pages that arrive complete
 * (no "Loading…", no layout shift), the phone menu and the keyboard path
 * (skip link, focus after navigation), the branded 404 and the favicon.
 */

const app = appInBrowserForThisFile();

const person = { name: "Edsger Dijkstra", email: "edsger.polish@example.com", password: "Shortest-Path-1956" };
let signedIn: SignedInState;

beforeAll(async () => {
  signedIn = await signUpThroughTheForm(app, person);
});

function pageBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

test("the theme follows the system until switched; the choice is remembered and in the HTML before the first paint", async () => {
  const page = await app.newPage({ colorScheme: "dark" });
  await page.goto("/auth/signin");
  expect(await pageBackground(page)).toBe("rgb(13, 17, 23)");
  expect(await page.getByRole("radio", { name: "System theme" }).isChecked()).toBe(true);

  await page.getByRole("radio", { name: "Light theme" }).check();
  expect(await pageBackground(page)).toBe("rgb(255, 255, 255)");

  // The server renders the choice into <html>, so no dark frame flashes before the script runs.
  const response = await page.goto("/auth/signup");
  expect(await response?.text()).toMatch(/<html lang="en" data-theme="light">/);
  expect(await pageBackground(page)).toBe("rgb(255, 255, 255)");
  expect(await page.getByRole("radio", { name: "Light theme" }).isChecked()).toBe(true);

  // Keyboard: arrow keys move through the radio group.
  await page.getByRole("radio", { name: "Light theme" }).focus();
  await page.keyboard.press("ArrowRight");
  expect(await page.getByRole("radio", { name: "Dark theme" }).isChecked()).toBe(true);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");

  await page.getByRole("radio", { name: "System theme" }).check();
  const cookies = await page.context().cookies();
  expect(cookies.find((cookie) => cookie.name === "theme")).toBeUndefined();
  expect(await (await page.goto("/auth/signin"))?.text()).toMatch(/<html lang="en">/);
  expect(await pageBackground(page)).toBe("rgb(13, 17, 23)");
});

test("signed-in pages arrive complete: no 'Loading…' in the server's HTML, and the layout does not shift", async () => {
  for (const width of [1280, 390]) {
    const page = await app.newPage({ storageState: signedIn, viewport: { width, height: 900 } });
    await recordLayoutShifts(page);
    for (const path of ["/settings/profile", "/settings/account", "/settings/security", "/"]) {
      const html = (await (await page.goto(path))?.text()) ?? "";
      expect({ path, loading: html.includes("Loading") }).toEqual({ path, loading: false });
      expect(html).toContain(person.name);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      const shift = await cumulativeLayoutShift(page);
      expect({ path, width, shift: shift < 0.05 }).toEqual({ path, width, shift: true });
    }
    await page.close();
  }
});

test("signed-out pages render the header's Sign in and Sign up on the server", async () => {
  for (const path of ["/", "/auth/signin", "/auth/signup", "/auth/forgot-password"]) {
    const response = await fetch(`${app.server.baseUrl}${path}`);
    const html = await response.text();
    expect({ path, loading: html.includes("Loading") }).toEqual({ path, loading: false });
    expect(html).toMatch(/<nav aria-label="Account"[^>]*>.*Sign in.*Sign up/);
  }
});

test("phone: the header folds into a menu that works by keyboard; navigation moves focus to the new page's heading", async () => {
  const page = await app.newPage({ storageState: signedIn, viewport: { width: 390, height: 800 } });
  await page.goto("/");
  const menuButton = page.getByRole("button", { name: "Menu" });
  expect(await menuButton.getAttribute("aria-expanded")).toBe("false");
  expect(await page.getByRole("link", { name: "Settings", exact: true }).isVisible()).toBe(false);

  // First Tab: the skip link; then the brand, then the menu button.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls"))).toBe("site-menu");
  await page.keyboard.press("Enter");
  expect(await menuButton.getAttribute("aria-expanded")).toBe("true");
  await page.getByRole("link", { name: "Settings", exact: true }).waitFor();
  await saveScreenshot(page, "polish-menu-open-390");

  await page.keyboard.press("Escape");
  expect(await menuButton.getAttribute("aria-expanded")).toBe("false");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls"))).toBe("site-menu");

  await menuButton.click();
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/settings/profile");
  await page.waitForFunction(() => document.activeElement?.tagName === "H1");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Settings");
  expect(await menuButton.getAttribute("aria-expanded")).toBe("false");
});

test("Skip to content moves the keyboard past the header", async () => {
  const page = await app.newPage();
  await page.goto("/auth/signin");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  // The next stop is inside <main>, not the header's links.
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
});

test("an unknown address gets the branded 404 with a way back; the tab has an icon and the app's name", async () => {
  const page = await app.newPage();
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  expect(await page.title()).toBe("Page not found · KeyForge");
  expect(await page.getByRole("link", { name: "Go to the start page" }).getAttribute("href")).toBe("/");

  for (const icon of ["/favicon.svg", "/favicon.ico"]) {
    const iconResponse = await fetch(`${app.server.baseUrl}${icon}`);
    expect(iconResponse.status).toBe(200);
    expect(iconResponse.headers.get("content-type")).toMatch(/^image\//);
  }
  expect(await page.locator('link[rel="icon"]').count()).toBe(2);
});

test("/unauthorized is a real 403 page", async () => {
  const page = await app.newPage({ storageState: signedIn });
  const response = await page.goto("/unauthorized");
  expect(response?.status()).toBe(403);
  await page.getByRole("heading", { level: 1, name: "You do not have access to that page" }).waitFor();
});
