import "client-only";

/**
 * Times in plain words for the browser's locale: "2 minutes ago", "Today",
 * "Monday, 3 March", with the exact time kept next to them for whoever
 * needs it.
 */

const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

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

/** "just now", "2 minutes ago", "yesterday". A time ahead of `now` (a clock skew) reads "just now". */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000));
  if (seconds > -45) return "just now";
  const [unit, size] = UNITS.find(([, length]) => -seconds >= length) ?? ["minute", 60];
  return relativeFormat.format(Math.round(seconds / size), unit);
}

function localDay(time: number): string {
  return new Date(time).toDateString();
}

/** The heading for the day of `iso`: "Today", "Yesterday", else "Monday, 3 March" (with the year when not this one). */
export function dayHeading(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (localDay(time) === localDay(now)) return "Today";
  if (localDay(time) === localDay(now - 24 * 3600 * 1000)) return "Yesterday";
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
