import "#server-only";
import { UAParser } from "ua-parser-js";

/**
 * Naming a device from its User-Agent header, for the device list and the
 * security activity. Here in lib/http (not in a feature) so that both
 * lib/sessions and lib/audit can use it without depending on each other.
 */

/** Parsed headers kept, at most: lists show the same few browsers over and over, and parsing one costs ~0.1 ms. */
const PARSED_KEPT = 256;
const parsedAgents = new Map<string, UAParser.IResult>();

/** The header parsed, from the kept ones when it was seen lately (the oldest kept is dropped past PARSED_KEPT). */
function parsed(userAgent: string): UAParser.IResult {
  const kept = parsedAgents.get(userAgent);
  if (kept) return kept;
  const result = new UAParser(userAgent).getResult();
  if (parsedAgents.size >= PARSED_KEPT) parsedAgents.delete(parsedAgents.keys().next().value ?? "");
  parsedAgents.set(userAgent, result);
  return result;
}

/** "Firefox 130" and "Mac OS 14.5" from a User-Agent header, for the device list. */
export function describeUserAgent(userAgent: string): { browser: string; os: string } {
  const { browser: client, os: system } = parsed(userAgent);
  const browser = [client.name, client.major].filter(Boolean).join(" ");
  const os = [system.name, system.version].filter(Boolean).join(" ");
  return { browser: browser || "Unknown browser", os: os || "Unknown system" };
}

/** "Firefox on Mac OS" (names only, no versions), or null when the header says nothing useful. */
export function shortDeviceName(userAgent: string): string | null {
  const { browser, os } = parsed(userAgent);
  if (browser.name && os.name) return `${browser.name} on ${os.name}`;
  return browser.name ?? os.name ?? null;
}
