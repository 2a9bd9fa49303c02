import type { Page } from "playwright-core";
import { pageScripts, totalGzipBytes, type PageScript } from "../../bench/lib/page-js";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, cumulativeLayoutShift, horizontalOverflow, recordLayoutShifts } from "./helpers/page-checks";
import { THEME_COOKIE } from "@/lib/theme/shared";

/**
 * The landing page a signed-out visitor meets at /: its headline, Sign up and
 * Sign in (by keyboard too), the product picture in the theme in effect with
 * nothing moving as it loads, at phone and desktop widths in both themes; and
 * the JavaScript it ships: no zod, nothing of the signed-in pages.
 */

const app = appInBrowserForThisFile();

const HEADLINE = "Keep your AI keys safe, and write code with them";

/** The picture that shows (the other theme's is display: none), with what a test needs to know of it. */
async function visiblePicture(page: Page) {
  const picture = page.locator("main img:visible");
  expect(await picture.count()).toBe(1);
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>("main img")].every((img) => img.complete));
  return picture.evaluate((img: HTMLImageElement) => {
    const box = img.getBoundingClientRect();
    return {
      src: new URL(img.src).pathname,
      alt: img.alt,
      loaded: img.naturalWidth > 0,
      width: img.getAttribute("width"),
      height: img.getAttribute("height"),
      ratio: Math.round((box.width / box.height) * 100) / 100,
    };
  });
}

describe.each(["light", "dark"] as const)("in the %s theme", (theme) => {
  test.each([390, 1280])("at %i px: the headline, both actions, the picture, three points; no overflow, contrast, no layout shift", async (width) => {
    const page = await app.newPage({ colorScheme: theme, viewport: { width, height: 844 } });
    await recordLayoutShifts(page);
    await page.goto("/");
    await page.getByRole("heading", { level: 1, name: HEADLINE }).waitFor();
    const main = page.getByRole("main");
    expect(await main.getByRole("link", { name: "Sign up" }).getAttribute("href")).toBe("/auth/signup");
    expect(await main.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/auth/signin");
    expect(await page.getByRole("region", { name: "What you get" }).getByRole("listitem").count()).toBe(3);

    const picture = await visiblePicture(page);
    expect(picture).toEqual({
      src: `/landing/product-${theme}.svg`,
      alt: expect.stringContaining("KeyForge's Generate page") as string,
      loaded: true,
      width: "640",
      height: "420",
      ratio: Math.round((640 / 420) * 100) / 100,
    });
    // The main action shows without scrolling, at phone width too.
    const action = await main.getByRole("link", { name: "Sign up" }).boundingBox();
    expect(action && action.y + action.height).toBeLessThanOrEqual(844);

    expect(await cumulativeLayoutShift(page)).toBeLessThanOrEqual(0.01);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page)).toEqual([]);
    await saveScreenshot(page, `landing-${width}-${theme}`, { fullPage: false });
    await saveScreenshot(page, `landing-${width}-${theme}-full`);
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});

test("the header's theme switch wins over the system's: a dark choice shows the dark picture on a light system", async () => {
  const page = await app.newPage({ colorScheme: "light" });
  await page.context().addCookies([{ name: THEME_COOKIE, value: "dark", url: app.server.baseUrl }]);
  await page.goto("/");
  expect((await visiblePicture(page)).src).toBe("/landing/product-dark.svg");
});

/** Presses Tab until the focused element is `name`'s link inside <main> (at most 20 times), and says whether it got there. */
async function tabToMainLink(page: Page, name: string): Promise<boolean> {
  for (let presses = 0; presses < 20; presses++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const active = document.activeElement;
      return active instanceof HTMLAnchorElement && active.closest("main") ? active.textContent : null;
    });
    if (focused === name) return true;
  }
  return false;
}

test.each([
  { name: "Sign up", path: "/auth/signup" },
  { name: "Sign in", path: "/auth/signin" },
])("by keyboard alone, the main action $name opens $path", async ({ name, path }) => {
  const page = await app.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto("/");
  await page.getByRole("heading", { level: 1, name: HEADLINE }).waitFor();
  expect(await tabToMainLink(page, name)).toBe(true);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === path);
});

/** A string only zod's code contains (its error class's name, which minifying keeps). */
const ZOD_MARKER = "ZodError";
/** A string of the API client (lib/client/api-client.ts): the landing page calls no API. */
const API_CLIENT_MARKER = "Something went wrong. Please try again.";
/** A string of the signed-in pages' code (the prompt's label and validation message). */
const GENERATE_MARKER = "Describe the code you want";

/** The chunks of `scripts` whose text contains `marker`. */
function chunksWith(scripts: PageScript[], marker: string) {
  return { marker, chunks: scripts.filter((script) => script.text.includes(marker)).map((script) => script.src) };
}

test("the landing page's JavaScript: no zod, no API client, nothing of the signed-in pages, little beyond what every page loads", async () => {
  const landing = await pageScripts(app.server.baseUrl, "/");
  const notFound = await pageScripts(app.server.baseUrl, "/no-such-page", { status: 404 });
  const signIn = await pageScripts(app.server.baseUrl, "/auth/signin");

  for (const marker of [ZOD_MARKER, API_CLIENT_MARKER, GENERATE_MARKER]) expect(chunksWith(landing, marker)).toEqual({ marker, chunks: [] });
  // Sign-in validates its form with the server's zod schema, but loads nothing of the signed-in pages.
  expect(chunksWith(signIn, ZOD_MARKER).chunks).toHaveLength(1);
  expect(chunksWith(signIn, GENERATE_MARKER)).toEqual({ marker: GENERATE_MARKER, chunks: [] });

  // Every page loads React, Next and the header (here: the 404 page's scripts); the landing page adds at most 2 KB to them.
  const everyPage = new Set(notFound.map((script) => script.src));
  const ownBytes = totalGzipBytes(landing.filter((script) => !everyPage.has(script.src)));
  expect(ownBytes).toBeLessThanOrEqual(2 * 1024);
  const kilobytes = (scripts: PageScript[]) => `${(totalGzipBytes(scripts) / 1024).toFixed(1)} KB`;
  console.log(`gzipped JS: / ${kilobytes(landing)} (its own ${(ownBytes / 1024).toFixed(1)} KB), /auth/signin ${kilobytes(signIn)}`);
});
