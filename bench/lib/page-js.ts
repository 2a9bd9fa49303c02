/**
 * The JavaScript a page makes the browser download: the <script src> chunks
 * its HTML loads, fetched from a running production server (no cookies: a
 * signed-out visitor) and gzipped at level 9, as a CDN would. Used by
 * bench/page-js.ts and by the browser test __tests__/e2e/landing.e2e.test.ts,
 * which holds the landing page to its budget.
 */
import { gzipSync } from "node:zlib";

export interface PageScript {
  /** The chunk's path, e.g. /_next/static/chunks/abc.js */
  src: string;
  /** Its text. */
  text: string;
  /** Its size gzipped at level 9, in bytes. */
  gzipBytes: number;
}

/** The same-origin script chunks this page's HTML loads, in document order. */
function scriptSources(html: string): string[] {
  const sources = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]?.replaceAll("&amp;", "&") ?? "");
  return [...new Set(sources.filter((src) => src.startsWith("/")))];
}

/** Every script chunk the page at `path` loads, with its text and gzipped size; the page must answer `status` (200 unless told). */
export async function pageScripts(baseUrl: string, path: string, { status = 200 } = {}): Promise<PageScript[]> {
  const page = await fetch(new URL(path, baseUrl), { redirect: "manual" });
  if (page.status !== status) throw new Error(`${path} answered ${page.status}, not ${status}`);
  const sources = scriptSources(await page.text());
  return Promise.all(
    sources.map(async (src) => {
      const response = await fetch(new URL(src, baseUrl));
      if (!response.ok) throw new Error(`${src} answered ${response.status}`);
      const text = await response.text();
      return { src, text, gzipBytes: gzipSync(text, { level: 9 }).byteLength };
    }),
  );
}

/** The sum of the chunks' gzipped sizes. */
export function totalGzipBytes(scripts: PageScript[]): number {
  return scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
}
