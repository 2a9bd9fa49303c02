import styles from "./AdminUser.module.css";
import type { FieldErrors } from "@/lib/http/shared";

/** The actions on the user page; each one's element ids start with its name. */
export type AdminAction = "role" | "access" | "sessions" | "two-factor" | "delete" | "view-as";

/** How the last action ended: what it did, or why it failed (with the server's field errors). */
export interface ActionOutcome {
  action: AdminAction;
  tone: "success" | "error";
  message: string;
  fields: FieldErrors;
}

/** What an action's component gets: which action runs, whether its buttons are off, its own last outcome, and a way to run it. */
export interface ActionControls {
  busy: AdminAction | null;
  /** Off while any action runs, and before the page has hydrated (without JavaScript they would do nothing). */
  disabled: boolean;
  outcome: ActionOutcome | null;
  /** Runs `work`; what it resolves to is the success message, or null when the page is being left (it stays busy). */
  run: (work: () => Promise<string | null>) => Promise<void>;
}

/** Where an action's result is shown, and where focus goes after it. */
export function resultId(action: AdminAction): string {
  return `${action}-result`;
}

interface ActionMessageProps {
  action: AdminAction;
  outcome: ActionOutcome | null;
  /** Fields whose errors the action shows next to its own inputs (the rest are shown here). */
  placedFields?: string[];
}

/**
 * An action's result next to it: a success in a status region, an error as an
 * alert. Both take focus (tabindex -1) so a keyboard user lands on the words.
 */
export function ActionMessage({ action, outcome, placedFields = [] }: ActionMessageProps) {
  const id = resultId(action);
  const fieldEntries = Object.entries(outcome?.fields ?? {});
  const unplaced = fieldEntries.filter(([field]) => !placedFields.includes(field)).flatMap(([, messages]) => messages);
  const errorText = unplaced.length > 0 ? unplaced.join(" ") : fieldEntries.length > 0 ? null : outcome?.message;
  return (
    <>
      <div role="status">
        {outcome?.tone === "success" && (
          <p id={id} tabIndex={-1} className={styles.success}>
            {outcome.message}
          </p>
        )}
      </div>
      {outcome?.tone === "error" && errorText && (
        <p id={id} tabIndex={-1} role="alert" className={styles.error}>
          {errorText}
        </p>
      )}
    </>
  );
}
