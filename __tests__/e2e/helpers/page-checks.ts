import type { Page } from "playwright-core";
import { saveScreenshot } from "./browser";

/**
 * What a reviewer checks by eye, measured in the page: sideways scrolling,
 * text contrast and layout shift.
 */

/** How many CSS pixels the page scrolls sideways (0 when it fits the viewport). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

interface ContrastProblem {
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/**
 * Every visible piece of text whose colour is below `minimum`:1 against the
 * background it sits on (WCAG 2 contrast), the first background colour found
 * walking up from the element. Text inside something made translucent (a
 * disabled button) or visually hidden is skipped, as WCAG exempts the first
 * and nobody sees the second.
 */
export function contrastProblems(page: Page, minimum = 4.5): Promise<ContrastProblem[]> {
  return page.evaluate((minimumRatio) => {
    function channels(color: string): number[] | null {
      const match = color.match(/rgba?\(([^)]+)\)/);
      if (!match?.[1]) return null;
      return match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    }
    function luminance([r = 0, g = 0, b = 0]: number[]): number {
      const linear = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    }
    function backgroundOf(element: Element): string {
      for (let current: Element | null = element; current; current = current.parentElement) {
        const background = getComputedStyle(current).backgroundColor;
        const parts = channels(background);
        if (parts && (parts[3] ?? 1) > 0) return background;
      }
      return "rgb(255, 255, 255)";
    }
    function skipped(element: Element): boolean {
      for (let current: Element | null = element; current; current = current.parentElement) {
        const style = getComputedStyle(current);
        if (Number(style.opacity) < 1 || style.visibility === "hidden" || style.display === "none") return true;
        if (style.position === "absolute" && style.clip === "rect(0px, 0px, 0px, 0px)") return true;
        const box = current.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) return true;
      }
      return false;
    }
    const problems: { text: string; ratio: number; color: string; background: string }[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const ownText = Array.from(element.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent ?? "")
        .join("")
        .trim();
      if (!ownText || skipped(element)) continue;
      const color = getComputedStyle(element).color;
      const background = backgroundOf(element);
      const fg = channels(color);
      const bg = channels(background);
      if (!fg || !bg) continue;
      const [lighter, darker] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
      if (ratio < minimumRatio) problems.push({ text: ownText.slice(0, 60), ratio: Math.round(ratio * 100) / 100, color, background });
    }
    return problems;
  }, minimum);
}

/**
 * Starts summing the page's layout shifts (the Layout Instability API, as
 * Core Web Vitals' CLS counts them: shifts right after input excluded) from
 * its first paint. Call before `goto`; read with `cumulativeLayoutShift`.
 */
export async function recordLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { total: 0 };
    Object.defineProperty(window, "__layoutShift", { value: record });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const shift = entry as PerformanceEntry & { value: number; hadRecentInput: boolean };
        if (!shift.hadRecentInput) record.total += shift.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** The layout shift summed since the page loaded (see recordLayoutShifts). */
export function cumulativeLayoutShift(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __layoutShift: { total: number } }).__layoutShift.total);
}

const LAYOUT_WIDTHS = [320, 390, 1280] as const;
const THEMES = ["light", "dark"] as const;

/**
 * Loads `path` at 320, 390 and 1280 px in the light and the dark theme:
 * nothing may scroll sideways and all text keeps 4.5:1 contrast; each layout
 * but 320 px is saved as `pages-<name>-<width>-<theme>.png`.
 */
export async function checkEveryLayout(page: Page, name: string, path: string): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of LAYOUT_WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(path);
      await page.locator("main h1").waitFor();
      expect({ page: path, width, theme, overflow: await horizontalOverflow(page) }).toEqual({ page: path, width, theme, overflow: 0 });
      if (width !== 320) await saveScreenshot(page, `pages-${name}-${width}-${theme}`);
    }
    expect({ page: path, theme, problems: await contrastProblems(page) }).toEqual({ page: path, theme, problems: [] });
  }
}
