import styles from "./AdminUser.module.css";
import type { AdminUsageTotals } from "@/lib/admin/shared";

const numberFormat = new Intl.NumberFormat();

/** A count with the reader's digit grouping (the server's locale may group differently). */
function Count({ value }: { value: number }) {
  return <span suppressHydrationWarning>{numberFormat.format(value)}</span>;
}

/** How much the user has generated: runs by outcome, and the characters sent and received. */
export function UsageTotals({ usage }: { usage: AdminUsageTotals }) {
  const rows: [string, number][] = [
    ["Generations", usage.generations],
    ["Completed", usage.completed],
    ["Failed", usage.failed],
    ["Characters sent", usage.promptChars],
    ["Characters received", usage.outputChars],
  ];
  return (
    <section aria-labelledby="usage-heading" className={styles.section}>
      <h2 id="usage-heading">Usage</h2>
      <dl className={styles.facts}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <Count value={value} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
