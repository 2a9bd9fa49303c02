import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { recordCspViolations, type CspViolation } from "./csp-violations";

/**
 * Debian's chromium driven by playwright-core. Playwright never downloads a
 * browser here (there is no internet): it runs the system one.
 */

const chromiumPath = "/usr/bin/chromium";
/** Short, so a missing element fails the test in seconds, not at jest's timeout. */
const pageTimeoutMs = 10_000;
const screenshotDir = path.resolve(__dirname, "../../../artifacts/e2e");

/**
 * No sandbox (CI runs as root in a container), no GPU, and nothing that phones
 * home (QUIC, sync, component updates, background requests). Playwright refuses
 * `--user-data-dir` here: `launch()` itself gives every browser a fresh
 * temporary profile and deletes it on `close()`.
 */
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** A headless chromium for one test file. */
/** A phone and a desktop width, each in both themes: the layouts a journey is walked in. */
export const PHONE_AND_DESKTOP_LAYOUTS = [
  { width: 390, theme: "light" },
  { width: 1280, theme: "dark" },
  { width: 390, theme: "dark" },
  { width: 1280, theme: "light" },
] as const;
export type Layout = (typeof PHONE_AND_DESKTOP_LAYOUTS)[number];

export interface TestBrowser {
  browser: Browser;
  /** A page in a context of its own (fresh cookies, i.e. a new visitor), closed together with its context. */
  newPage(options?: PageOptions): Promise<Page>;
  /**
   * The Content-Security-Policy violations reported on this browser's pages
   * since the previous call (see csp-violations.ts), removed from the list.
   */
  takeCspViolations(): CspViolation[];
  /** Closes every page and the browser. */
  close(): Promise<void>;
}

/**
 * How a new page's browser context looks: its viewport, the system's colour
 * scheme, cookies to start with, and for a phone a touch screen (`hasTouch`,
 * `isMobile`: no hover, a coarse pointer).
 */
export type PageOptions = Pick<BrowserContextOptions, "viewport" | "colorScheme" | "storageState" | "hasTouch" | "isMobile" | "javaScriptEnabled">;

interface LaunchBrowserOptions {
  /** Makes relative URLs work: `page.goto("/")`, `page.request.get("/api/health")`. Usually `server.baseUrl`. */
  baseUrl?: string;
}

/** Launches headless chromium with pages that time out after 10 s. */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<TestBrowser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No browser at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium).`);
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const violations: CspViolation[] = [];
  return {
    browser,
    newPage: (pageOptions) => newIsolatedPage(browser, options.baseUrl, violations, pageOptions),
    takeCspViolations: () => violations.splice(0),
    close: () => browser.close(),
  };
}

async function newIsolatedPage(
  browser: Browser,
  baseUrl: string | undefined,
  violations: CspViolation[],
  pageOptions: PageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ ...pageOptions, baseURL: baseUrl });
  await recordCspViolations(context, violations);
  context.setDefaultTimeout(pageTimeoutMs);
  context.setDefaultNavigationTimeout(pageTimeoutMs);
  const page = await context.newPage();
  page.once("close", () => void context.close().catch(() => undefined));
  return page;
}

/**
 * Saves a full-page PNG (with `{ fullPage: false }`, what the viewport shows)
 * to `artifacts/e2e/<name>.png` (git-ignored; CI can keep it) and returns its
 * path, so a reviewer can see what the test saw.
 */
export async function saveScreenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`Screenshot name "${name}" must be a plain file name (letters, digits, . _ -)`);
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
