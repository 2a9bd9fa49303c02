import { useState } from "react";
import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { FormAlert } from "@/components/ui/FormAlert";
import { TextField } from "@/components/ui/TextField";
import generateStyles from "./Generate.module.css";
import styles from "./HistoryList.module.css";
import { absoluteTime, errorMessage, timeAgo, useFocusAfterRender } from "@/lib/client";
import type { ConversationSummary } from "@/lib/generation/shared";

/** The id of a conversation's Open button in the list, where focus returns after a rename or a kept delete. */
function historyItemId(conversationId: string): string {
  return `history-item-${conversationId}`;
}

interface ConversationItemProps {
  conversation: ConversationSummary;
  now: number;
  open: boolean;
  onOpen: () => void;
  /** Throws `ApiError` (its message is shown); the list reloads either way. */
  onRename: (title: string) => Promise<void>;
  /** Throws `ApiError`; on success the page moves focus (this item is gone). */
  onDelete: () => Promise<void>;
}

type Mode = "idle" | "renaming" | "confirming";

/** One conversation in the history: Open (title, when, turns), Rename in place, and Delete after a question. */
export function ConversationItem({ conversation, now, open, onOpen, onRename, onDelete }: ConversationItemProps) {
  const [mode, setMode] = useState<Mode>("idle");
  const [title, setTitle] = useState(conversation.title);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const focusLater = useFocusAfterRender();
  const fieldId = `rename-${conversation.id}`;

  function back() {
    setMode("idle");
    setError(null);
    focusLater(() => document.getElementById(historyItemId(conversation.id)));
  }

  async function run(action: () => Promise<void>, after: () => void) {
    setPending(true);
    setError(null);
    try {
      await action();
      after();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  const turns = conversation.turns === 1 ? "1 turn" : `${conversation.turns} turns`;
  return (
    <li className={styles.item}>
      <button id={historyItemId(conversation.id)} type="button" className={styles.historyItem} aria-current={open ? "true" : undefined} onClick={onOpen}>
        <span className={styles.historyTitle}>{conversation.title || "(untitled)"}</span>
        <span className={styles.historyMeta}>
          <time dateTime={conversation.updatedAt} title={absoluteTime(conversation.updatedAt)}>
            {timeAgo(conversation.updatedAt, now)}
          </time>
          {` · ${turns}`}
        </span>
      </button>
      {mode === "idle" && (
        <div className={styles.itemActions}>
          <button
            type="button"
            className={styles.linkButton}
            aria-label={`Rename “${conversation.title}”`}
            onClick={() => {
              setTitle(conversation.title);
              setMode("renaming");
              focusLater(() => document.getElementById(fieldId));
            }}
          >
            Rename
          </button>
          <button
            type="button"
            className={styles.linkButton}
            aria-label={`Delete “${conversation.title}”`}
            onClick={() => {
              setMode("confirming");
              focusLater(() => document.getElementById(`delete-${conversation.id}-keep`));
            }}
          >
            Delete
          </button>
        </div>
      )}
      {mode === "renaming" && (
        <form
          className={generateStyles.stack}
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => onRename(title), back);
          }}
          onKeyDown={(event) => {
            if (event.key !== "Escape" || pending) return;
            event.stopPropagation();
            back();
          }}
        >
          <TextField id={fieldId} name="title" label="New title" value={title} onChange={(event) => setTitle(event.target.value)} maxLength={200} required />
          <div className={generateStyles.actions}>
            <button type="submit" className={generateStyles.button} disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : "Save"}
            </button>
            <button type="button" className={generateStyles.button} disabled={pending} onClick={back}>
              Cancel
            </button>
          </div>
          <FormAlert message={error} />
        </form>
      )}
      {mode === "confirming" && (
        <ConfirmPanel
          id={`delete-${conversation.id}`}
          question="Delete this conversation? Its prompts and answers cannot be recovered; its usage stays in your report."
          confirmLabel="Delete conversation"
          pendingLabel="Deleting…"
          pending={pending}
          onConfirm={() => void run(onDelete, () => undefined)}
          onKeep={back}
        >
          <FormAlert message={error} />
        </ConfirmPanel>
      )}
    </li>
  );
}
