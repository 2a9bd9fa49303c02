import { useState } from "react";
import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import settingsStyles from "./Settings.module.css";
import styles from "./HistorySection.module.css";
import { useActionStatus, useFocusAfterRender, usePreferences } from "@/lib/client";

/**
 * Generation history: whether prompts and answers are kept (encrypted) so they
 * can be reopened, and deleting all of them. Usage records without text
 * (model, sizes, timings, outcome) stay either way.
 */
export function HistorySection() {
  const { preferences, error, reload, updatePreferences, deleteAllHistory } = usePreferences();
  const { busy, status, error: actionError, run, clearStatus } = useActionStatus<"switch" | "delete">();
  const [confirming, setConfirming] = useState(false);
  const focusLater = useFocusAfterRender();

  function toggle(keep: boolean) {
    void run("switch", async () => {
      await updatePreferences({ keepGenerationHistory: keep });
      return keep ? "History is on: new prompts and answers are kept." : "History is off: new prompts and answers are not kept.";
    });
  }

  function deleteAll() {
    void run("delete", async () => {
      const deleted = await deleteAllHistory();
      setConfirming(false);
      focusLater(() => document.getElementById("delete-history"));
      if (deleted === 0) return "There was no history to delete.";
      return deleted === 1 ? "Deleted 1 entry from your history." : `Deleted ${deleted} entries from your history.`;
    });
  }

  const keep = preferences?.keepGenerationHistory;
  return (
    <section className={settingsStyles.section} aria-labelledby="history-settings-heading">
      <h2 id="history-settings-heading">Generation history</h2>
      <p className={settingsStyles.sectionIntro}>
        Your prompts and answers, encrypted and readable only by you, so you can reopen and copy them on the Generate
        page. Usage without the text (model, sizes, timings) is recorded either way.
      </p>
      {preferences ? (
        <>
          <div className={styles.switchRow}>
            <span id="keep-history-label" className={styles.switchLabel}>
              Keep generation history
            </span>
            <button
              type="button"
              role="switch"
              aria-checked={keep}
              aria-labelledby="keep-history-label"
              aria-describedby="keep-history-hint"
              className={styles.switch}
              disabled={busy !== null}
              aria-busy={busy === "switch"}
              onClick={() => toggle(!keep)}
            >
              <span className={styles.switchKnob} aria-hidden="true" />
              <span className={styles.switchText}>{busy === "switch" ? "Saving…" : keep ? "On" : "Off"}</span>
            </button>
          </div>
          <p id="keep-history-hint" className={settingsStyles.meta}>
            Turning it off keeps what is already there; delete it below.
          </p>
          <div className={settingsStyles.actions}>
            {!confirming && (
              <button
                id="delete-history"
                type="button"
                className={settingsStyles.dangerButton}
                disabled={busy !== null}
                onClick={() => {
                  setConfirming(true);
                  clearStatus();
                  focusLater(() => document.getElementById("delete-history-keep"));
                }}
              >
                Delete all history
              </button>
            )}
            <div role="status">{status && <p className={settingsStyles.saved}>{status}</p>}</div>
          </div>
          {confirming && (
            <ConfirmPanel
              id="delete-history"
              question="Delete every prompt and answer in your history? This cannot be undone."
              confirmLabel="Delete all history"
              pendingLabel="Deleting…"
              pending={busy === "delete"}
              disabled={busy !== null}
              onConfirm={deleteAll}
              onKeep={() => {
                setConfirming(false);
                focusLater(() => document.getElementById("delete-history"));
              }}
            />
          )}
          <FormAlert message={actionError} />
        </>
      ) : (
        <LoadState what="your history settings" error={error} onRetry={reload} />
      )}
    </section>
  );
}
