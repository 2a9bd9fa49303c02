import { ActionMessage, type ActionControls } from "./ActionMessage";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import { startImpersonation } from "@/lib/client";
import { IMPERSONATION_MAX_SECONDS, type AdminUserDetail } from "@/lib/admin/shared";

interface ViewAsButtonProps {
  user: AdminUserDetail["user"];
  isViewer: boolean;
  controls: ActionControls;
}

/** Why "view as" is not offered for this user, or null when it is. */
function unavailableBecause(user: AdminUserDetail["user"], isViewer: boolean): string | null {
  if (isViewer) return "This is your own account.";
  if (user.role === "admin") return "Not available for admins.";
  if (user.disabled) return "Not available while the account is disabled.";
  return null;
}

/**
 * "View as this user", for support: the session cookie is swapped for one
 * that sees the product as them, so the next page is a full load.
 */
export function ViewAsButton({ user, isViewer, controls }: ViewAsButtonProps) {
  const pending = controls.busy === "view-as";
  const unavailable = unavailableBecause(user, isViewer);
  const minutes = Math.round(IMPERSONATION_MAX_SECONDS / 60);

  function start() {
    void controls.run(async () => {
      const { redirectTo } = await startImpersonation(user.id);
      window.location.assign(redirectTo);
      return null;
    });
  }

  return (
    <div id="view-as-action" className={styles.action}>
      <h3>Support view</h3>
      <p className={shared.muted}>
        See KeyForge as this user does, for at most {minutes} minutes. It is for looking: nothing can be changed,
        and their API keys are never used. Starting and stopping are recorded in both accounts&apos; activity.
      </p>
      {unavailable ? (
        <p>{unavailable}</p>
      ) : (
        <div>
          <button type="button" className={shared.button} disabled={controls.disabled} aria-busy={pending} onClick={start}>
            {pending ? "Starting…" : "View as this user"}
          </button>
        </div>
      )}
      <ActionMessage action="view-as" outcome={controls.outcome} />
    </div>
  );
}
