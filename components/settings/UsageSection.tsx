import type { UsageResponse } from "@/lib/generation/shared";
import { formatCost, formatTokens, useUsageReport } from "@/lib/client";
import { LoadState } from "./LoadState";
import settingsStyles from "./Settings.module.css";
import { dayLabel, UsageChart } from "./UsageChart";
import styles from "./UsageSection.module.css";

const cost = (usd: number | null) => (usd === null ? "unknown" : formatCost(usd));

/**
 * Tokens and estimated cost of the last 30 days: a chart of tokens per day,
 * every day's numbers in a table (for screen readers and exact figures), and
 * totals per model. Rendered on the server (account read "usage"), so it
 * shows complete with no loading state. Costs are estimates from the
 * provider's list prices; "unknown" where a model has no price or an answer
 * was cut short.
 */
export function UsageSection() {
  const { report, error, reload } = useUsageReport();
  return (
    <section className={settingsStyles.section} aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage</h2>
      <p className={settingsStyles.sectionIntro}>
        Tokens your generations used in the last 30 days (UTC), as Together AI counted them, and their estimated cost at its
        list prices. Your provider&apos;s bill is what counts; answers that were stopped or cut short have no token count.
      </p>
      {report ? <UsageReport report={report} /> : <LoadState what="your usage" error={error} onRetry={reload} />}
    </section>
  );
}

function UsageReport({ report }: { report: UsageResponse }) {
  return (
    <>
      <UsageChart days={report.days} />
      <details className={styles.details}>
        <summary>Every day as a table</summary>
        <div className={styles.tableScroll}>
          <table className={styles.table}>
            <caption className={styles.caption}>Tokens and estimated cost per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Tokens in</th>
                <th scope="col">Tokens out</th>
                <th scope="col">Estimated cost</th>
              </tr>
            </thead>
            <tbody>
              {report.days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">
                    <time dateTime={day.date}>{dayLabel(day.date)}</time>
                  </th>
                  <td>{formatTokens(day.promptTokens)}</td>
                  <td>{formatTokens(day.completionTokens)}</td>
                  <td>{cost(day.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <h3 className={styles.subheading}>By model</h3>
      {report.models.length === 0 ? (
        <p className={settingsStyles.muted}>No generations in the last 30 days.</p>
      ) : (
        <div className={styles.tableScroll}>
          <table className={styles.table} data-testid="usage-by-model">
            <caption className={styles.caption}>Tokens and estimated cost per model, last 30 days</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Generations</th>
                <th scope="col">Tokens in</th>
                <th scope="col">Tokens out</th>
                <th scope="col">Estimated cost</th>
              </tr>
            </thead>
            <tbody>
              {report.models.map((model) => (
                <tr key={model.model}>
                  <th scope="row" className={styles.modelName}>
                    {model.name}
                  </th>
                  <td>{formatTokens(model.generations)}</td>
                  <td>{formatTokens(model.promptTokens)}</td>
                  <td>{formatTokens(model.completionTokens)}</td>
                  <td>{cost(model.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
