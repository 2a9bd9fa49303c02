import { absoluteTime } from "@/lib/client";

/**
 * A date and time in the reader's locale and time zone ("25 Nov 2026, 15:18"),
 * or `fallback` when there is none. The server renders it in its own zone, so
 * the browser's words may differ: that is expected, not a hydration error.
 */
export function DateTime({ iso, fallback = "Never" }: { iso: string | null; fallback?: string }) {
  if (!iso) return <>{fallback}</>;
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {absoluteTime(iso)}
    </time>
  );
}
