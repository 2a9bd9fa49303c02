import { DateTime } from "./DateTime";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import type { AdminUserDetail } from "@/lib/admin/shared";

/** The user's most recent audit events, newest first, in plain words; the ones worth a second look are marked. */
export function UserEvents({ events }: { events: AdminUserDetail["events"] }) {
  return (
    <section aria-labelledby="events-heading" className={styles.section}>
      <h2 id="events-heading">Recent activity</h2>
      {events.length === 0 ? (
        <p className={shared.muted}>No recent activity.</p>
      ) : (
        <ul className={styles.list}>
          {events.map((event) => (
            <li key={event.id} className={event.warning ? `${styles.event} ${styles.eventWarning}` : styles.event}>
              <p className={styles.itemTitle}>
                {event.warning && <span className={styles.badgeWarning}>Warning</span>}{" "}
                {event.description}
              </p>
              <p className={styles.meta}>
                <DateTime iso={event.at} />
                <span>{event.device ?? "Unknown device"}</span>
                <span>
                  IP <span className={styles.mono}>{event.ip}</span>
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
