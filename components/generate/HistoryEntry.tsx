import { useEffect, useRef, useState } from "react";
import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { FormAlert } from "@/components/ui/FormAlert";
import { CopyButton } from "./CopyButton";
import generateStyles from "./Generate.module.css";
import styles from "./Answer.module.css";
import { Markdown } from "./Markdown";
import { absoluteTime, errorMessage, formatDuration, useFocusAfterRender, useGenerationDetail } from "@/lib/client";
import { GENERATION_LANGUAGE_LABELS, splitStreamEndMarker, type GenerationDetailResponse } from "@/lib/generation/shared";

type Entry = GenerationDetailResponse["generation"];

interface HistoryEntryProps {
  id: string;
  onClose: () => void;
  onUsePrompt: (entry: Entry) => void;
  /** Deletes it (throws `ApiError`); the page then closes it. */
  onDelete: (id: string) => Promise<void>;
}

function details(entry: Entry): string {
  const parts = [absoluteTime(entry.createdAt), entry.model];
  if (entry.language) parts.push(GENERATION_LANGUAGE_LABELS[entry.language]);
  if (entry.timeToFirstTokenMs !== null) parts.push(`first token after ${formatDuration(entry.timeToFirstTokenMs)}`);
  parts.push(`took ${formatDuration(entry.durationMs)}`);
  return parts.join(" · ");
}

/**
 * One past generation, opened from the history list: its prompt, its answer
 * rendered like a new one, and Copy, "Use this prompt" and Delete (which asks
 * first). Focus moves to its heading when it opens, so keyboard and screen
 * reader users land on what they opened. Render it with `key={id}`, so that
 * opening another entry starts without this one's confirmation or error.
 */
export function HistoryEntry({ id, onClose, onUsePrompt, onDelete }: HistoryEntryProps) {
  const { generation, error, reload } = useGenerationDetail(id);
  const heading = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const focusLater = useFocusAfterRender();

  useEffect(() => heading.current?.focus(), [id]);

  async function remove() {
    setPending(true);
    setActionError(null);
    try {
      await onDelete(id);
    } catch (caught) {
      setActionError(errorMessage(caught));
      setPending(false);
    }
  }

  const answer = generation ? splitStreamEndMarker(generation.output) : null;
  return (
    <section className={styles.entry} aria-labelledby="entry-heading" onKeyDown={(event) => event.key === "Escape" && onClose()}>
      <div className={styles.answerBar}>
        <h2 id="entry-heading" ref={heading} tabIndex={-1} className={styles.answerHeading}>
          From your history
        </h2>
        <button type="button" className={generateStyles.button} onClick={onClose}>
          Close
        </button>
      </div>
      {!generation ? (
        error ? (
          <div className={generateStyles.stack}>
            <FormAlert message={`This entry could not be loaded. ${errorMessage(error)}`} />
            <button type="button" className={generateStyles.button} onClick={() => void reload()}>
              Try again
            </button>
          </div>
        ) : (
          <p role="status" className={generateStyles.muted}>
            Loading…
          </p>
        )
      ) : (
        <>
          <p className={styles.meta}>{details(generation)}</p>
          <h3 className={styles.subheading}>Prompt</h3>
          <p className={styles.promptText}>{generation.prompt}</p>
          <h3 className={styles.subheading}>Answer</h3>
          {answer?.answer ? <Markdown text={answer.answer} language={generation.language} /> : <p className={generateStyles.muted}>No answer was kept.</p>}
          {answer?.interruption && <p className={styles.interruption}>{answer.interruption}</p>}
          <div className={generateStyles.actions}>
            {answer?.answer && <CopyButton label="Copy answer" text={() => answer.answer} />}
            <button type="button" className={generateStyles.button} onClick={() => onUsePrompt(generation)}>
              Use this prompt
            </button>
            {!confirming && (
              <button
                type="button"
                className={generateStyles.dangerButton}
                onClick={() => {
                  setConfirming(true);
                  focusLater(() => document.getElementById("entry-keep"));
                }}
              >
                Delete
              </button>
            )}
          </div>
          {confirming && (
            <ConfirmPanel
              id="entry"
              question="Delete this entry from your history? It cannot be recovered."
              confirmLabel="Delete entry"
              pendingLabel="Deleting…"
              pending={pending}
              onConfirm={() => void remove()}
              onKeep={() => setConfirming(false)}
            />
          )}
          <FormAlert message={actionError} />
        </>
      )}
    </section>
  );
}
