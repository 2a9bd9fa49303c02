import { useEffect, useState } from "react";
import { AccessForm } from "./AccessForm";
import { DeleteUserForm } from "./DeleteUserForm";
import { resultId, type ActionControls, type ActionOutcome, type AdminAction } from "./ActionMessage";
import { ResetTwoFactorForm } from "./ResetTwoFactorForm";
import { RoleForm } from "./RoleForm";
import { SignOutEverywhere } from "./SignOutEverywhere";
import { ViewAsButton } from "./ViewAsButton";
import styles from "./AdminUser.module.css";
import { ApiError, errorMessage, useFocusAfterRender, useHydrated } from "@/lib/client";
import type { AdminSecondFactors, AdminUserDetail } from "@/lib/admin/shared";

interface UserActionsProps {
  user: AdminUserDetail["user"];
  secondFactors: AdminSecondFactors;
  viewerId: string;
  onUpdated: (detail: AdminUserDetail) => void;
  onSignedOut: () => void;
}

/** After an action: its first invalid input, else its result (both exist once the outcome has rendered). */
function focusTarget(action: AdminAction): HTMLElement | null {
  return (
    document.querySelector<HTMLElement>(`#${action}-action [aria-invalid="true"]`) ?? document.getElementById(resultId(action))
  );
}

/**
 * The actions on one user. One runs at a time (every button waits while one
 * is under way, so answers cannot cross), and each shows its own result or
 * error next to it, where focus then goes.
 */
export function UserActions({ user, secondFactors, viewerId, onUpdated, onSignedOut }: UserActionsProps) {
  const [busy, setBusy] = useState<AdminAction | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const focusLater = useFocusAfterRender();
  const hydrated = useHydrated();

  // Back from the page "view as" opened (bfcache) shows this one as it was left: ready again.
  useEffect(() => {
    const ready = () => setBusy(null);
    window.addEventListener("pageshow", ready);
    return () => window.removeEventListener("pageshow", ready);
  }, []);

  async function run(action: AdminAction, work: () => Promise<string | null>): Promise<void> {
    // Every button is disabled while one runs (React applies that before the next click); this is the backstop.
    if (busy) return;
    setBusy(action);
    setOutcome(null);
    try {
      const message = await work();
      if (message === null) return; // The page is being left: it stays busy until it goes.
      setOutcome({ action, tone: "success", message, fields: {} });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setOutcome({ action, tone: "error", message: errorMessage(error), fields });
    }
    setBusy(null);
    focusLater(() => focusTarget(action));
  }

  function controlsFor(action: AdminAction): ActionControls {
    return {
      busy,
      disabled: !hydrated || busy !== null,
      outcome: outcome?.action === action ? outcome : null,
      run: (work) => run(action, work),
    };
  }

  const isViewer = user.id === viewerId;
  return (
    <section aria-labelledby="actions-heading" className={styles.section}>
      <h2 id="actions-heading">Manage account</h2>
      <RoleForm key={user.role} user={user} controls={controlsFor("role")} onUpdated={onUpdated} />
      <AccessForm user={user} controls={controlsFor("access")} onUpdated={onUpdated} />
      <SignOutEverywhere userId={user.id} isViewer={isViewer} controls={controlsFor("sessions")} onSignedOut={onSignedOut} />
      <ResetTwoFactorForm userId={user.id} factors={secondFactors} isViewer={isViewer} controls={controlsFor("two-factor")} onUpdated={onUpdated} />
      <ViewAsButton user={user} isViewer={isViewer} controls={controlsFor("view-as")} />
      <DeleteUserForm user={user} isViewer={isViewer} controls={controlsFor("delete")} />
    </section>
  );
}
