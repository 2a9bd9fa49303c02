import "client-only";
import { useEffect, useState } from "react";

/** The current time, re-read every `intervalMs`, so "2 minutes ago" does not go stale on an open page. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
