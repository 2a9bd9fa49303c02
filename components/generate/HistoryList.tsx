import { useSession } from "next-auth/react";
import { FormAlert } from "@/components/ui/FormAlert";
import generateStyles from "./Generate.module.css";
import styles from "./HistoryList.module.css";
import { absoluteTime, errorMessage, timeAgo, useNow } from "@/lib/client";
import { GENERATION_LANGUAGE_LABELS, type GenerationOutcome, type GenerationSummary } from "@/lib/generation/shared";

/** Outcomes worth a word in the list; a completed one needs none. */
const OUTCOME_LABELS: Partial<Record<GenerationOutcome, string>> = {
  stopped: "Stopped",
  stalled: "Incomplete",
  timed_out: "Timed out",
  key_rejected: "Key rejected",
  provider_rate_limited: "Rate-limited",
  provider_error: "Provider error",
};

/** The id of an entry's button in the list, where focus returns when the opened entry closes. */
export function historyItemId(generationId: string): string {
  return `history-item-${generationId}`;
}

interface HistoryListProps {
  generations: GenerationSummary[] | undefined;
  error: unknown;
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  openId: string | null;
  onOpen: (id: string) => void;
}

/** Past generations, newest first, each opening in the main column; "Load more" fetches older ones. */
export function HistoryList({ generations, error, hasMore, isLoadingMore, onLoadMore, onRetry, openId, onOpen }: HistoryListProps) {
  const now = useNow();
  // An admin viewing as this person is refused their history (it can hold their code): say so, rather than "could not be loaded".
  const viewing = Boolean(useSession().data?.impersonator);
  return (
    <section className={styles.history} aria-labelledby="history-heading">
      <h2 id="history-heading" tabIndex={-1} className={styles.historyHeading}>
        History
      </h2>
      {viewing ? (
        <p className={generateStyles.muted}>History is private: it is not shown while viewing as someone.</p>
      ) : error && !generations ? (
        <div className={generateStyles.stack}>
          <FormAlert message={`Your history could not be loaded. ${errorMessage(error)}`} />
          <button type="button" className={generateStyles.button} onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : !generations ? (
        <p role="status" className={generateStyles.muted}>
          Loading your history…
        </p>
      ) : generations.length === 0 ? (
        <p className={generateStyles.muted}>
          Nothing yet. Your generations appear here, unless you turned history off in Settings.
        </p>
      ) : (
        <>
          <ul className={styles.historyList} aria-label="Your generations, newest first">
            {generations.map((entry) => (
              <li key={entry.id}>
                <button
                  id={historyItemId(entry.id)}
                  type="button"
                  className={styles.historyItem}
                  aria-current={entry.id === openId ? "true" : undefined}
                  onClick={() => onOpen(entry.id)}
                >
                  <span className={styles.historyTitle}>{entry.title || "(empty prompt)"}</span>
                  <span className={styles.historyMeta}>
                    <time dateTime={entry.createdAt} title={absoluteTime(entry.createdAt)}>
                      {timeAgo(entry.createdAt, now)}
                    </time>
                    {entry.language && ` · ${GENERATION_LANGUAGE_LABELS[entry.language]}`}
                    {OUTCOME_LABELS[entry.outcome] && ` · ${OUTCOME_LABELS[entry.outcome]}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {hasMore && (
            <button type="button" className={generateStyles.button} onClick={onLoadMore} disabled={isLoadingMore} aria-busy={isLoadingMore}>
              {isLoadingMore ? "Loading…" : "Load more"}
            </button>
          )}
          {error && <FormAlert message={`Could not load more. ${errorMessage(error)}`} />}
        </>
      )}
    </section>
  );
}
