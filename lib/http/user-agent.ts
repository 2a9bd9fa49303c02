import "#server-only";
import { UAParser } from "ua-parser-js";

/**
 * Naming a device from its User-Agent header, for the device list and the
 * security activity. Here in lib/http (not in a feature) so that both
 * lib/sessions and lib/audit can use it without depending on each other.
 */

/** "Firefox 130" and "Mac OS 14.5" from a User-Agent header, for the device list. */
export function describeUserAgent(userAgent: string): { browser: string; os: string } {
  const parsed = new UAParser(userAgent).getResult();
  const browser = [parsed.browser.name, parsed.browser.major].filter(Boolean).join(" ");
  const os = [parsed.os.name, parsed.os.version].filter(Boolean).join(" ");
  return { browser: browser || "Unknown browser", os: os || "Unknown system" };
}

/** "Firefox on Mac OS" (names only, no versions), or null when the header says nothing useful. */
export function shortDeviceName(userAgent: string): string | null {
  const parsed = new UAParser(userAgent).getResult();
  const { name: browser } = parsed.browser;
  const { name: os } = parsed.os;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? null;
}
