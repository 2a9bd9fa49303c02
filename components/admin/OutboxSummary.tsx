import shared from "./Admin.module.css";
import styles from "./DeadMailList.module.css";
import { formatDuration } from "@/lib/client";
import type { OutboxCounts } from "@/lib/mail/shared";

/** How the outbox stands: mails waiting (and how long the oldest has), mails given up. */
export function OutboxSummary({ counts }: { counts: OutboxCounts }) {
  return (
    <section aria-labelledby="outbox-heading">
      <h2 id="outbox-heading" className={shared.visuallyHidden}>
        Outbox
      </h2>
      <dl className={styles.counts}>
        <div>
          <dt>Waiting to be sent</dt>
          <dd>{counts.queued}</dd>
        </div>
        <div>
          <dt>Oldest waiting for</dt>
          <dd>{counts.oldestQueuedSeconds === null ? "None waiting" : formatDuration(counts.oldestQueuedSeconds * 1000)}</dd>
        </div>
        <div>
          <dt>Undelivered</dt>
          <dd>{counts.dead}</dd>
        </div>
      </dl>
    </section>
  );
}
