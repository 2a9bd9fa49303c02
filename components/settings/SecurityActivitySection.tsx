import { LoadState } from "./LoadState";
import settingsStyles from "./Settings.module.css";
import styles from "./SecurityActivitySection.module.css";
import { absoluteTime, dayHeading, timeAgo, useAuthEvents, useNow } from "@/lib/client";
import type { AuthEventView } from "@/lib/audit/shared";

interface Day {
  heading: string;
  events: AuthEventView[];
}

/** Consecutive events of one local day under one heading (the list is newest first). */
function groupByDay(events: AuthEventView[], now: number): Day[] {
  const days: Day[] = [];
  for (const event of events) {
    const heading = dayHeading(event.at, now);
    const last = days.at(-1);
    if (last?.heading === heading) last.events.push(event);
    else days.push({ heading, events: [event] });
  }
  return days;
}

/** "Signed in from Firefox on Mac OS", or just "Signed in" when the device is unknown. */
function sentence(event: AuthEventView): string {
  return event.device ? `${event.description} from ${event.device}` : event.description;
}

function ActivityItem({ event, now }: { event: AuthEventView; now: number }) {
  const exact = absoluteTime(event.at);
  return (
    <li className={event.warning ? `${styles.activityItem} ${styles.activityWarning}` : styles.activityItem}>
      <p className={styles.activityText}>
        {event.warning && <span className={settingsStyles.visuallyHidden}>Warning: </span>}
        {sentence(event)},{" "}
        <time dateTime={event.at} title={exact}>
          {timeAgo(event.at, now)}
        </time>
        {event.current && <span className={settingsStyles.badge}>This device</span>}
      </p>
      <p className={styles.activityMeta}>
        {exact} · IP address {event.ip}
      </p>
    </li>
  );
}

/**
 * The account's audit trail in plain words, grouped by day: sign-ins, sign-outs
 * and changes to the password, devices and API keys of the retention period
 * (AUTH_EVENT_RETENTION_DAYS: a server setting, so the text names no number).
 */
export function SecurityActivitySection() {
  const { events, error, reload } = useAuthEvents();
  const now = useNow();
  return (
    <section className={settingsStyles.section} aria-labelledby="activity-heading">
      <h2 id="activity-heading">Security activity</h2>
      <p className={settingsStyles.sectionIntro}>
        Recent sign-ins and changes to your account&apos;s security, newest first. If something here
        was not you, change your password and sign out of all other devices.
      </p>
      {!events ? (
        <LoadState what="your security activity" error={error} onRetry={reload} />
      ) : events.length === 0 ? (
        <p className={settingsStyles.muted}>No activity yet.</p>
      ) : (
        groupByDay(events, now).map((day, index) => (
          <div key={day.heading} className={styles.activityDay}>
            <h3 id={`activity-day-${index}`}>{day.heading}</h3>
            <ul className={styles.activityList} aria-labelledby={`activity-day-${index}`}>
              {day.events.map((event) => (
                <ActivityItem key={event.id} event={event} now={now} />
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
