import type { ReactNode } from "react";
import styles from "./AdminUser.module.css";
import type { AdminUsageTotals } from "@/lib/admin/shared";

const numberFormat = new Intl.NumberFormat();

/** A count with the reader's digit grouping (the server's locale may group differently). */
function Count({ value }: { value: number }) {
  return <span suppressHydrationWarning>{numberFormat.format(value)}</span>;
}

/**
 * How much the user has generated: runs by outcome, the characters sent and
 * received, and tokens, which generations do not record (so none is shown
 * rather than a 0 that would read as "none used").
 */
export function UsageTotals({ usage }: { usage: AdminUsageTotals }) {
  const rows: [string, ReactNode][] = [
    ["Generations", <Count key="generations" value={usage.generations} />],
    ["Completed", <Count key="completed" value={usage.completed} />],
    ["Failed", <Count key="failed" value={usage.failed} />],
    ["Characters sent", <Count key="sent" value={usage.promptChars} />],
    ["Characters received", <Count key="received" value={usage.outputChars} />],
    ["Tokens", "Not recorded"],
  ];
  return (
    <section aria-labelledby="usage-heading" className={styles.section}>
      <h2 id="usage-heading">Usage</h2>
      <dl className={styles.facts}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
