import { FormAlert } from "@/components/ui/FormAlert";
import settingsStyles from "./Settings.module.css";
import styles from "./LoadState.module.css";
import { errorMessage } from "@/lib/client";

/**
 * What a section shows until its data arrives: "Loading your API keys…", or,
 * when the request failed, why and a button to try again.
 */
export function LoadState({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => unknown }) {
  if (!error) {
    return (
      <p className={settingsStyles.muted} role="status">
        Loading {what}…
      </p>
    );
  }
  const subject = what.charAt(0).toUpperCase() + what.slice(1);
  return (
    <div className={styles.loadError}>
      <FormAlert message={`${subject} could not be loaded. ${errorMessage(error)}`} />
      <button type="button" className={settingsStyles.button} onClick={() => void onRetry()}>
        Try again
      </button>
    </div>
  );
}
