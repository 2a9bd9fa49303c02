import { useState, type ReactNode } from "react";
import { DateTime } from "./DateTime";
import shared from "./Admin.module.css";
import list from "./AdminList.module.css";
import styles from "./DeadMailList.module.css";
import { errorMessage, retryDeadMail, useHydrated } from "@/lib/client";
import type { DeadMail } from "@/lib/mail/shared";

/** A data cell; its label is shown before it when the row is a stacked card (narrow screens). */
function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td data-label={label}>
      <span>{children}</span>
    </td>
  );
}

/** How one row's retry went. */
type RowState = { state: "sending" } | { state: "queued" } | { state: "failed"; message: string };

/**
 * Mails given up after their last retry: what kind, to whom (masked), how
 * many attempts, the last error's code, and when. "Retry" queues one again;
 * its outcome (or error, such as too many admin actions) shows in its row.
 */
export function DeadMailList({ mails }: { mails: DeadMail[] }) {
  const hydrated = useHydrated();
  const [rows, setRows] = useState<Record<string, RowState>>({});
  const sending = Object.values(rows).some((row) => row.state === "sending");

  async function retry(id: string) {
    setRows((current) => ({ ...current, [id]: { state: "sending" } }));
    try {
      await retryDeadMail(id);
      setRows((current) => ({ ...current, [id]: { state: "queued" } }));
    } catch (caught) {
      setRows((current) => ({ ...current, [id]: { state: "failed", message: errorMessage(caught) } }));
    }
  }

  if (mails.length === 0) return <p className={shared.muted}>No undelivered mail: every mail was sent or is still being tried.</p>;
  return (
    <table className={list.table}>
      <caption className={shared.visuallyHidden}>Undelivered mail, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Mail</th>
          <th scope="col">To</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last error</th>
          <th scope="col">Queued</th>
          <th scope="col">Given up</th>
          <th scope="col">
            <span className={shared.visuallyHidden}>Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {mails.map((mail) => {
          const row = rows[mail.id];
          return (
            <tr key={mail.id}>
              <th scope="row">{mail.kind}</th>
              <Cell label="To">{mail.recipient}</Cell>
              <Cell label="Attempts">{mail.attempts}</Cell>
              <Cell label="Last error">
                <code>{mail.lastError}</code>
              </Cell>
              <Cell label="Queued">
                <DateTime iso={mail.queuedAt} />
              </Cell>
              <Cell label="Given up">
                <DateTime iso={mail.diedAt} />
              </Cell>
              <td data-label="">
                <div className={styles.action}>
                  {row?.state === "queued" ? (
                    <p role="status" className={styles.queued}>
                      Queued again
                    </p>
                  ) : mail.retryable ? (
                    <button
                      type="button"
                      className={shared.button}
                      disabled={!hydrated || sending}
                      aria-describedby={row?.state === "failed" ? `retry-error-${mail.id}` : undefined}
                      onClick={() => void retry(mail.id)}
                    >
                      {row?.state === "sending" ? "Retrying…" : "Retry"}
                    </button>
                  ) : (
                    <span className={shared.muted}>Cannot be sent again</span>
                  )}
                  {row?.state === "failed" && (
                    <p id={`retry-error-${mail.id}`} role="alert" className={styles.error}>
                      {row.message}
                    </p>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
