import { useState, type FormEvent } from "react";
import { ActionMessage, type ActionControls } from "./ActionMessage";
import { ReasonField } from "./ReasonField";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import { resetUserTwoFactor, useFocusAfterRender, validateForm } from "@/lib/client";
import { adminTwoFactorResetSchema, type AdminSecondFactors, type AdminUserDetail } from "@/lib/admin/shared";
import { ADMIN_NOTE_MAX_LENGTH } from "@/lib/audit/shared";

interface ResetTwoFactorFormProps {
  userId: string;
  factors: AdminSecondFactors;
  /** The admin's own account: its second factors are changed in Settings, not here. */
  isViewer: boolean;
  controls: ActionControls;
  onUpdated: (detail: AdminUserDetail) => void;
}

const REASON_ID = "two-factor-reason";

/**
 * For a user locked out of their second step (a lost phone, no recovery
 * codes): removes their authenticator app, recovery codes and passkeys, and
 * signs them out everywhere, with a reason kept in the audit trail. Offered
 * only when there is something to reset, and not on one's own account.
 */
export function ResetTwoFactorForm({ userId, factors, isViewer, controls, onUpdated }: ResetTwoFactorFormProps) {
  const [localErrors, setLocalErrors] = useState<string[] | null>(null);
  const focusLater = useFocusAfterRender();
  const pending = controls.busy === "two-factor";
  const reasonErrors = localErrors ?? controls.outcome?.fields.reason;
  const hasFactors = factors.totpEnabled || factors.passkeys > 0;

  function reset(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields } = validateForm(adminTwoFactorResetSchema, { reason: String(new FormData(event.currentTarget).get("reason") ?? "") });
    if (!data) {
      setLocalErrors(Object.values(fields).flat());
      focusLater(() => document.getElementById(REASON_ID));
      return;
    }
    setLocalErrors(null);
    void controls.run(async () => {
      onUpdated(await resetUserTwoFactor(userId, data));
      return "Two-step verification reset. They were signed out everywhere and told by email; they sign in with their password or a provider and set it up again.";
    });
  }

  return (
    <div id="two-factor-action" className={styles.action}>
      <h3>Two-step verification</h3>
      {isViewer ? (
        <p className={shared.muted}>Change your own two-step verification and passkeys in Settings → Security.</p>
      ) : !hasFactors ? (
        <p className={shared.muted}>Nothing to reset: no authenticator app and no passkeys.</p>
      ) : (
        <form className={styles.stackForm} onSubmit={reset} noValidate>
          <p className={shared.muted}>
            For a user who lost their authenticator app and recovery codes: removes the app, the codes and every passkey, and signs
            them out everywhere.
          </p>
          <ReasonField
            id={REASON_ID}
            label="Reason for the reset"
            maxLength={ADMIN_NOTE_MAX_LENGTH}
            purpose="How you confirmed it is them, kept in the audit trail."
            errors={reasonErrors}
            onChange={() => setLocalErrors(null)}
          />
          <div>
            <button type="submit" className={shared.dangerButton} disabled={controls.disabled} aria-busy={pending}>
              {pending ? "Resetting…" : "Reset two-step verification"}
            </button>
          </div>
        </form>
      )}
      <ActionMessage action="two-factor" outcome={controls.outcome} placedFields={["reason"]} />
    </div>
  );
}
