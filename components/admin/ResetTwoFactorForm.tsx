import { useState, type FormEvent } from "react";
import { ActionMessage, type ActionControls } from "./ActionMessage";
import formStyles from "@/components/ui/Form.module.css";
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
  const invalid = Boolean(reasonErrors?.length);
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
          <div className={formStyles.field}>
            <label htmlFor={REASON_ID} className={formStyles.label}>
              Reason for the reset
            </label>
            <textarea
              id={REASON_ID}
              name="reason"
              className={styles.reason}
              required
              maxLength={ADMIN_NOTE_MAX_LENGTH}
              rows={3}
              aria-invalid={invalid}
              aria-describedby={invalid ? `${REASON_ID}-hint ${REASON_ID}-error` : `${REASON_ID}-hint`}
              onChange={() => setLocalErrors(null)}
            />
            <p id={`${REASON_ID}-hint`} className={formStyles.hint}>
              How you confirmed it is them, kept in the audit trail. At most {ADMIN_NOTE_MAX_LENGTH} characters.
            </p>
            {invalid && (
              <p id={`${REASON_ID}-error`} className={formStyles.fieldError}>
                {reasonErrors?.join(" ")}
              </p>
            )}
          </div>
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
