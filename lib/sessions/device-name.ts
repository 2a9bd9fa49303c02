import "#server-only";
import { UAParser } from "ua-parser-js";

/** "Firefox 130" and "macOS 14.5" from a User-Agent header, for the device list. */
export function describeUserAgent(userAgent: string): { browser: string; os: string } {
  const parsed = new UAParser(userAgent).getResult();
  const browser = [parsed.browser.name, parsed.browser.major].filter(Boolean).join(" ");
  const os = [parsed.os.name, parsed.os.version].filter(Boolean).join(" ");
  return { browser: browser || "Unknown browser", os: os || "Unknown system" };
}
