import Link from "next/link";
import settingsStyles from "./Settings.module.css";
import styles from "./ApiKeyRow.module.css";
import type { KeyRowStatus } from "@/lib/client";
import { API_KEY_CREATION_URLS, type ApiKeyProvider } from "@/lib/vault/shared";

const TONE_CLASSES: Record<KeyRowStatus["tone"], string | undefined> = {
  success: styles.saved,
  pending: styles.pendingStatus,
  warning: styles.checkWarning,
  error: styles.checkError,
};

/**
 * A key row's status line (saved, checked, removed, a check running) and what
 * it offers next: "Generate now" once the provider accepted the key (the
 * prompt posted from the start page is still held for /generate), or the
 * provider's page for creating keys once it refused one.
 */
export function KeyStatusLine({ provider, label, status }: { provider: ApiKeyProvider; label: string; status: KeyRowStatus }) {
  const createUrl = API_KEY_CREATION_URLS[provider];
  return (
    <p className={TONE_CLASSES[status.tone]} data-check={status.check}>
      {status.text}
      {status.next === "generate" && provider === "togetherAI" && (
        <>
          {" "}
          <Link href="/generate" className={styles.nextAction}>
            Generate now
          </Link>
        </>
      )}
      {status.next === "createKey" && createUrl && (
        <>
          {" "}
          <a href={createUrl} target="_blank" rel="noopener noreferrer" className={styles.nextAction}>
            Get a key from {label}
            <span className={settingsStyles.visuallyHidden}> (opens in a new tab)</span>
          </a>
        </>
      )}
    </p>
  );
}
