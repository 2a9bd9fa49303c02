import { FormAlert } from "@/components/ui/FormAlert";
import { CopyButton } from "./CopyButton";
import { ElapsedTimer } from "./ElapsedTimer";
import styles from "./Answer.module.css";
import { Markdown } from "./Markdown";
import { NoKeyNotice } from "./NoKeyNotice";
import { UsageLine } from "./UsageLine";
import { ApiError, errorMessage, formatDuration, type GenerationRun } from "@/lib/client";
import { ErrorCode } from "@/lib/http/shared";

/** The answer region's id: focus lands on it when a run ends with nothing else focused (see useRunFocus). */
export const ANSWER_ID = "answer";

/** The progress line: announced politely, so a screen reader hears the phases, not every token. */
function statusLine(run: GenerationRun): string {
  const took = run.durationMs === null ? "" : formatDuration(run.durationMs);
  const firstToken = run.timeToFirstByteMs === null ? null : `first token after ${formatDuration(run.timeToFirstByteMs)}`;
  switch (run.status) {
    case "waiting":
      return "Waiting for the first token…";
    case "streaming":
      return "Writing the answer…";
    case "done":
      if (run.interruption) return `Ended early after ${took}${firstToken ? ` (${firstToken})` : ""}.`;
      return firstToken ? `Done: ${firstToken}, finished in ${took}.` : `Done in ${took}; the model sent no text.`;
    case "stopped":
      return `Stopped after ${took}${firstToken ? ` (${firstToken})` : ""}. The answer is incomplete.`;
    case "failed":
      return run.answer ? "The answer is incomplete." : "";
    case "idle":
      return "";
  }
}

/** What the person sees for a failed request: the server's message, or a connection problem in words. */
function failure(error: Error | null): string | null {
  if (!error) return null;
  return error instanceof ApiError ? errorMessage(error) : error.message;
}

/**
 * The answer as it streams: Markdown with highlighted code, a progress line,
 * Copy for the whole answer, the server's early-end message as an alert, and
 * any error in words a person can act on. A refusal for want of a key
 * (NO_API_KEY) shows the notice that links to Settings. The region itself
 * can take focus, for when Stop goes away under the keyboard.
 */
export function AnswerPanel({
  run,
  keyProblem,
  language = null,
}: {
  run: GenerationRun;
  keyProblem: "missing" | "unreadable" | null;
  /** The language asked for: bare code in the answer shows as a block of it. */
  language?: string | null;
}) {
  if (run.status === "idle") return null;
  const running = run.status === "waiting" || run.status === "streaming";
  const noKey = run.error instanceof ApiError && run.error.code === ErrorCode.NoApiKey;
  return (
    <section id={ANSWER_ID} tabIndex={-1} className={styles.answer} aria-labelledby="answer-heading" aria-busy={running}>
      <div className={styles.answerBar}>
        <h2 id="answer-heading" className={styles.answerHeading}>
          Answer
        </h2>
        {run.answer && !running && <CopyButton label="Copy answer" text={() => run.answer} />}
      </div>
      <div className={styles.progressRow}>
        <p role="status" className={styles.progress} data-testid="generation-status">
          {statusLine(run)}
        </p>
        {run.status === "waiting" && <ElapsedTimer />}
      </div>
      {run.answer && <Markdown text={run.answer} language={language} />}
      {run.interruption && (
        <p role="alert" className={styles.interruption}>
          {run.interruption}
        </p>
      )}
      <UsageLine run={run} />
      {noKey ? <NoKeyNotice reason={keyProblem ?? "missing"} alert /> : <FormAlert message={failure(run.error)} />}
    </section>
  );
}
