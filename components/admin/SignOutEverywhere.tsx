import { useState } from "react";
import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { ActionMessage, type ActionControls } from "./ActionMessage";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import { revokeUserSessions, useFocusAfterRender } from "@/lib/client";

interface SignOutEverywhereProps {
  userId: string;
  /** The admin is looking at their own account: this browser is signed out too. */
  isViewer: boolean;
  controls: ActionControls;
  /** Every live device of the user is gone. */
  onSignedOut: () => void;
}

const START_ID = "sessions-start";

/** Ends every session of the user, after a confirmation (each device is signed out at its next request). */
export function SignOutEverywhere({ userId, isViewer, controls, onSignedOut }: SignOutEverywhereProps) {
  const [confirming, setConfirming] = useState(false);
  const focusLater = useFocusAfterRender();
  const pending = controls.busy === "sessions";

  function confirm() {
    void controls.run(async () => {
      const { revoked } = await revokeUserSessions(userId);
      setConfirming(false);
      onSignedOut();
      return revoked === 1 ? "Signed out 1 device." : `Signed out ${revoked} devices.`;
    });
  }

  return (
    <div id="sessions-action" className={styles.action}>
      <h3>Sessions</h3>
      <p className={shared.muted}>Signs the user out on every device, in case one was lost or taken over.</p>
      {confirming ? (
        <ConfirmPanel
          id="sessions"
          question={
            isViewer
              ? "Sign yourself out on every device, this one included?"
              : "Sign this user out on every device? They can sign in again."
          }
          confirmLabel="Sign out all devices"
          pendingLabel="Signing out…"
          pending={pending}
          disabled={controls.disabled}
          onConfirm={confirm}
          onKeep={() => {
            setConfirming(false);
            focusLater(() => document.getElementById(START_ID));
          }}
        />
      ) : (
        <div>
          <button
            id={START_ID}
            type="button"
            className={shared.dangerButton}
            disabled={controls.disabled}
            onClick={() => {
              setConfirming(true);
              focusLater(() => document.getElementById("sessions-keep"));
            }}
          >
            Sign out everywhere
          </button>
        </div>
      )}
      <ActionMessage action="sessions" outcome={controls.outcome} />
    </div>
  );
}
