import type { UsageDay } from "@/lib/generation/shared";
import { formatCost, formatTokens, formatTokensCompact } from "@/lib/client";
import styles from "./UsageSection.module.css";

/** "7 Dec", the same on the server and in every browser (the days are UTC dates). */
const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
export const dayLabel = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));

const WIDTH = 300;
const HEIGHT = 100;

/**
 * Tokens per day as bars (prompt tokens below, completion tokens stacked on
 * them), drawn as plain SVG on the server: no script, no chart library. One
 * image for assistive technology, summarised in its title and description;
 * the table beside it in UsageSection has every number. Each bar's tooltip
 * has its day's numbers too.
 */
export function UsageChart({ days }: { days: readonly UsageDay[] }) {
  const totals = days.map((day) => day.promptTokens + day.completionTokens);
  const max = Math.max(...totals, 0);
  const sum = totals.reduce((a, b) => a + b, 0);
  const busiest = days[totals.indexOf(max)];
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return null;
  const slot = WIDTH / days.length;
  const scale = (tokens: number) => (max === 0 ? 0 : (tokens / max) * HEIGHT);
  const summary =
    sum === 0
      ? `No tokens used from ${dayLabel(first.date)} to ${dayLabel(last.date)}.`
      : `${formatTokens(sum)} tokens from ${dayLabel(first.date)} to ${dayLabel(last.date)}; the most on ${busiest ? dayLabel(busiest.date) : ""}: ${formatTokens(max)}.`;
  return (
    <figure className={styles.chart}>
      <div className={styles.chartFrame}>
        <span className={styles.axisMax} aria-hidden="true">
          {formatTokensCompact(max)}
        </span>
        <svg
          role="img"
          aria-labelledby="usage-chart-title usage-chart-desc"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          className={styles.chartSvg}
          data-testid="usage-chart"
        >
          <title id="usage-chart-title">Tokens per day, last {days.length} days</title>
          <desc id="usage-chart-desc">{summary}</desc>
          <line x1={0} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} className={styles.baseline} vectorEffect="non-scaling-stroke" />
          {days.map((day, index) => {
            const prompt = scale(day.promptTokens);
            const completion = scale(day.completionTokens);
            const x = index * slot + slot * 0.15;
            const width = slot * 0.7;
            return (
              <g key={day.date}>
                <title>{`${dayLabel(day.date)}: ${formatTokens(day.promptTokens)} tokens in, ${formatTokens(day.completionTokens)} out, ${day.costUsd === null ? "cost unknown" : `${formatCost(day.costUsd)} (estimate)`}`}</title>
                {/* A transparent full-height target, so a day without tokens has a tooltip too. */}
                <rect x={index * slot} y={0} width={slot} height={HEIGHT} className={styles.hitArea} />
                <rect x={x} y={HEIGHT - prompt} width={width} height={prompt} className={styles.promptBar} />
                <rect x={x} y={HEIGHT - prompt - completion} width={width} height={completion} className={styles.completionBar} />
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className={styles.chartCaption}>
        <span aria-hidden="true">{dayLabel(first.date)}</span>
        <span className={styles.legend}>
          <span className={styles.swatchPrompt} aria-hidden="true" /> Tokens in
          <span className={styles.swatchCompletion} aria-hidden="true" /> Tokens out
        </span>
        <span aria-hidden="true">{dayLabel(last.date)}</span>
      </figcaption>
    </figure>
  );
}
