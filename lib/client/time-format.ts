import "client-only";

/**
 * Times in plain words for the browser's locale: "2 minutes ago", "Today",
 * "Monday, 3 March", with the exact time kept next to them for whoever
 * needs it.
 */

const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const shortRelativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const shortDateWithYearFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "25 Nov 2026, 15:18". */
export function absoluteTime(iso: string): string {
  return absoluteFormat.format(new Date(iso));
}

/**
 * How far back a time is. "long": "just now", "2 minutes ago", "3 weeks ago".
 * "compact", for a list with little room: "just now", "3 min. ago", "2 hr. ago"
 * (today, or within the last 6 hours), "yesterday", then the date ("12 Mar").
 * A time ahead of `now` (a clock skew) reads "just now".
 */
export function timeAgo(iso: string, now: number, style: "long" | "compact" = "long"): string {
  const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000));
  if (seconds > -45) return "just now";
  if (style === "compact") return compactTimeAgo(Date.parse(iso), now);
  const [unit, size] = UNITS.find(([, length]) => -seconds >= length) ?? ["minute", 60];
  return relativeFormat.format(Math.round(seconds / size), unit);
}

function compactTimeAgo(time: number, now: number): string {
  const elapsed = now - time;
  if (elapsed < HOUR_MS) return shortRelativeFormat.format(-Math.max(1, Math.floor(elapsed / 60_000)), "minute");
  // Just after midnight, "2 hr. ago" says more than "yesterday".
  if (localDay(time) === localDay(now) || elapsed < 6 * HOUR_MS) {
    return shortRelativeFormat.format(-Math.floor(elapsed / HOUR_MS), "hour");
  }
  if (localDay(time) === localDay(now - DAY_MS)) return relativeFormat.format(-1, "day");
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return (sameYear ? shortDateFormat : shortDateWithYearFormat).format(time);
}

function localDay(time: number): string {
  return new Date(time).toDateString();
}

/** The heading for the day of `iso`: "Today", "Yesterday", else "Monday, 3 March" (with the year when not this one). */
export function dayHeading(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (localDay(time) === localDay(now)) return "Today";
  if (localDay(time) === localDay(now - DAY_MS)) return "Yesterday";
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(time);
}

/** "450 ms", "2.3 s", "1 min 05 s": a measured duration, short enough for a status line. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}
