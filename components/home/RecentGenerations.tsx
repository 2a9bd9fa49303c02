import Link from "next/link";
import styles from "./StartPage.module.css";
import { RECENT_GENERATIONS_COUNT } from "@/lib/account-reads/shared";
import { absoluteTime, errorMessage, timeAgo, useGenerations, useNow } from "@/lib/client";


/** The person's last few generations, each opening on /generate. */
export function RecentGenerations() {
  const { generations, error } = useGenerations(RECENT_GENERATIONS_COUNT);
  const now = useNow();
  const recent = generations?.slice(0, RECENT_GENERATIONS_COUNT);
  return (
    <section className={styles.card} aria-labelledby="recent-heading">
      <div className={styles.cardHeader}>
        <h2 id="recent-heading">Recent generations</h2>
        <Link href="/generate">Open Generate</Link>
      </div>
      {!recent ? (
        <p className={styles.muted} role={error ? "alert" : "status"}>
          {error ? `Your recent generations could not be loaded. ${errorMessage(error)}` : "Loading…"}
        </p>
      ) : recent.length === 0 ? (
        <p className={styles.muted}>Nothing yet. What you generate shows up here.</p>
      ) : (
        <ul className={styles.recentList}>
          {recent.map((entry) => (
            <li key={entry.id}>
              <Link href={`/generate?open=${encodeURIComponent(entry.id)}`} className={styles.recentLink}>
                {entry.title || "(empty prompt)"}
              </Link>
              <time dateTime={entry.createdAt} title={absoluteTime(entry.createdAt)} className={styles.muted}>
                {timeAgo(entry.createdAt, now)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
