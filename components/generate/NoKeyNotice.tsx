import Link from "next/link";
import styles from "./NoKeyNotice.module.css";

/**
 * Generation runs on the person's own Together AI key: without one stored,
 * say so and where to add it. As an alert when the server has just refused
 * (NO_API_KEY), as a note when the vault shows none before anything is tried.
 */
export function NoKeyNotice({ reason, alert = false }: { reason: "missing" | "unreadable"; alert?: boolean }) {
  return (
    <div role={alert ? "alert" : undefined} className={styles.notice}>
      <p className={styles.noticeTitle}>
        {reason === "missing" ? "Add your Together AI key to generate code" : "Your Together AI key can no longer be read"}
      </p>
      <p>
        {reason === "missing"
          ? "KeyForge generates with your own Together AI key, kept encrypted in your vault. "
          : "Replace it with a new key to generate again. "}
        <Link href="/settings/keys?add=togetherAI">Add it in Settings</Link>
      </p>
    </div>
  );
}
