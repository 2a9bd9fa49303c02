import { useState } from "react";
import { CopyButton } from "./CopyButton";
import styles from "./Generate.module.css";
import { Markdown } from "./Markdown";
import { downloadText } from "@/lib/client";
import { conversationFileName, conversationToMarkdown, type ConversationAction, type ConversationResponse, type ConversationTurnVersion } from "@/lib/generation/shared";

interface ConversationThreadProps {
  conversation: ConversationResponse;
  /** The last turn is on screen below (the answer panel): only the earlier ones are shown here. */
  lastShownBelow: boolean;
  droppedTurns: number;
  running: boolean;
  onAction: (action: ConversationAction) => void;
  onNew: () => void;
}

function TurnView({ version, heading }: { version: ConversationTurnVersion; heading: string }) {
  return (
    <article className={styles.turn} aria-label={heading}>
      <p className={styles.turnPrompt}>
        <span className={styles.muted}>You: </span>
        {version.prompt}
      </p>
      <Markdown text={version.output} />
    </article>
  );
}

/**
 * A conversation's thread above the prompt box: its earlier turns, the last
 * turn's versions ("2 of 2" with ‹ ›), Regenerate, Edit (the prompt box then
 * replaces the last prompt), Continue when the last answer was cut at the
 * length limit, the note when earlier turns were left out of the context,
 * and the conversation as Markdown (copy or download).
 */
export function ConversationThread({ conversation, lastShownBelow, droppedTurns, running, onAction, onNew }: ConversationThreadProps) {
  const last = conversation.turns.at(-1);
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const versions = last?.versions ?? [];
  const index = shownVersion === null ? versions.length - 1 : Math.min(shownVersion, versions.length - 1);
  const earlier = lastShownBelow ? conversation.turns.slice(0, -1) : conversation.turns;
  const markdown = () => conversationToMarkdown(conversation);
  return (
    <section className={styles.thread} aria-labelledby="thread-heading" data-conversation-id={conversation.id}>
      <div className={styles.threadBar}>
        <h2 id="thread-heading" tabIndex={-1} className={styles.threadHeading}>
          {conversation.title}
        </h2>
        <CopyButton label="Copy as Markdown" text={markdown} />
        <button type="button" className={styles.button} onClick={() => downloadText(conversationFileName(conversation.title), markdown())}>
          Download .md
        </button>
        <button type="button" className={styles.button} onClick={onNew} disabled={running}>
          New conversation
        </button>
      </div>
      {earlier.map((turn) => (
        <TurnView key={turn.id} version={turn} heading={`Turn ${turn.turn + 1}`} />
      ))}
      {lastShownBelow && last && index < versions.length - 1 && versions[index] && <TurnView version={versions[index]} heading={`Version ${index + 1}`} />}
      {last && (
        <div className={styles.threadBar} role="group" aria-label="The last answer">
          {versions.length > 1 && (
            <span className={styles.versions}>
              <button type="button" className={styles.button} aria-label="Previous version" disabled={index === 0} onClick={() => setShownVersion(index - 1)}>
                ‹
              </button>
              <span aria-live="polite">
                {index + 1} of {versions.length}
              </span>
              <button type="button" className={styles.button} aria-label="Next version" disabled={index === versions.length - 1} onClick={() => setShownVersion(index + 1)}>
                ›
              </button>
            </span>
          )}
          <button type="button" className={styles.button} disabled={running} onClick={() => onAction("regenerate")}>
            Regenerate
          </button>
          <button type="button" className={styles.button} disabled={running} onClick={() => onAction("edit")}>
            Edit
          </button>
          {last.finishReason === "length" && (
            <button type="button" className={styles.button} disabled={running} onClick={() => onAction("continue")}>
              Continue
            </button>
          )}
        </div>
      )}
      {droppedTurns > 0 && (
        <p role="note" className={styles.muted}>
          {droppedTurns === 1 ? "The oldest turn was" : `The ${droppedTurns} oldest turns were`} left out: the conversation is longer than the model reads at once.
        </p>
      )}
    </section>
  );
}
