import { formatCost, formatDuration, formatTokens, tokensPerSecond, useGenerationUsage, type GenerationRun } from "@/lib/client";
import styles from "./Answer.module.css";

const speedFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/**
 * Under an answer that has ended: its tokens in and out, tokens per second
 * (completion tokens from the first token to the end), time to the first
 * token and the estimated cost, from the server's usage record. Tokens the
 * provider did not count (the answer was stopped or cut) are "unknown",
 * never zero.
 */
export function UsageLine({ run }: { run: GenerationRun }) {
  const done = run.status === "done";
  const { generation, error } = useGenerationUsage(done ? run.generationId : null);
  if (!run.generationId || (!done && run.status !== "stopped" && run.status !== "failed")) return null;

  let text: string;
  // Cut short by the person or the connection: the provider sent no count (and the record may still be being written).
  if (!done) text = "Tokens unknown: the answer did not run to its end.";
  else if (error) text = "The token counts could not be loaded.";
  else if (!generation) text = "Counting tokens…";
  else if (!generation.usage) text = "Tokens unknown: the provider counts them only for an answer that ran to its end.";
  else {
    const { usage, costUsd, timeToFirstTokenMs, durationMs } = generation;
    const speed = tokensPerSecond(usage, timeToFirstTokenMs, durationMs);
    text = [
      `${formatTokens(usage.promptTokens)} tokens in`,
      `${formatTokens(usage.completionTokens)} out`,
      speed === null ? null : `${speedFormat.format(speed)} tokens/s`,
      timeToFirstTokenMs === null ? null : `first token after ${formatDuration(timeToFirstTokenMs)}`,
      costUsd === null ? "cost unknown" : `${formatCost(costUsd)} (estimate)`,
    ]
      .filter((part) => part !== null)
      .join(" · ");
  }
  return (
    <p className={styles.meta} data-testid="usage-line">
      {text}
    </p>
  );
}
