import type { ReactNode } from "react";
import styles from "./ConfirmPanel.module.css";

interface ConfirmPanelProps {
  /** Prefix of the ids: `<id>-confirm` labels the group, `<id>-keep` is the button to focus when it opens. */
  id: string;
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** Both buttons off while something else in the section runs. */
  disabled?: boolean;
  onConfirm: () => void;
  /** "Keep it", or Escape: back without doing anything. */
  onKeep: () => void;
  /** Shown above the question (an error from a failed attempt). */
  children?: ReactNode;
  className?: string;
}

/**
 * "Are you sure?" for an action that cannot be undone: the question labels
 * the group, the destructive button says what it does, and "Keep it" (or
 * Escape) goes back. Focus `<id>-keep` when it opens, so a stray Enter keeps.
 */
export function ConfirmPanel(props: ConfirmPanelProps) {
  const { id, question, confirmLabel, pendingLabel, pending, disabled = false, onConfirm, onKeep, children, className } = props;
  return (
    <div
      role="group"
      aria-labelledby={`${id}-confirm`}
      className={className ? `${styles.panel} ${className}` : styles.panel}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || pending) return;
        // Escape backs out of this question only, not out of what contains it.
        event.stopPropagation();
        onKeep();
      }}
    >
      {children}
      <p id={`${id}-confirm`}>{question}</p>
      <div className={styles.actions}>
        <button type="button" className={styles.confirm} disabled={pending || disabled} onClick={onConfirm}>
          {pending ? pendingLabel : confirmLabel}
        </button>
        <button id={`${id}-keep`} type="button" className={styles.keep} disabled={pending || disabled} onClick={onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}
