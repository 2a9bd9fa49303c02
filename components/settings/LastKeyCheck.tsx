import settingsStyles from "./Settings.module.css";
import { absoluteTime, timeAgo, useNow } from "@/lib/client";
import type { ApiKeyCheckStatus, ApiKeyLastCheck } from "@/lib/vault/shared";

const VERDICTS: Record<ApiKeyCheckStatus, (label: string) => string> = {
  valid: () => "accepted",
  rejected: () => "refused",
  unreachable: (label) => `couldn't reach ${label}`,
};

/** "Checked 5 minutes ago: accepted" (the exact time on hover), or that the key was never checked. */
export function LastKeyCheck({ lastCheck, label }: { lastCheck: ApiKeyLastCheck; label: string }) {
  const now = useNow();
  if (!lastCheck) return <span className={settingsStyles.meta}>Not checked yet</span>;
  return (
    <span className={settingsStyles.meta} data-last-check={lastCheck.result}>
      Checked{" "}
      {/* Its words depend on the clock and the locale, so the server's may differ. */}
      <time dateTime={lastCheck.at} title={absoluteTime(lastCheck.at)} suppressHydrationWarning>
        {timeAgo(lastCheck.at, now)}
      </time>
      : {VERDICTS[lastCheck.result](label)}
    </span>
  );
}
