import { useState, type FormEvent } from "react";
import { ActionMessage, type ActionControls } from "./ActionMessage";
import { ReasonField } from "./ReasonField";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import { updateAdminUser, useFocusAfterRender, validateForm } from "@/lib/client";
import { adminUserPatchSchema, DISABLE_REASON_MAX_LENGTH, type AdminUserDetail } from "@/lib/admin/shared";

interface AccessFormProps {
  user: AdminUserDetail["user"];
  controls: ActionControls;
  onUpdated: (detail: AdminUserDetail) => void;
}

const REASON_ID = "disable-reason";

/**
 * Disable with a reason (the user can no longer sign in, and their sessions
 * end at their next check), or enable again. The reason is checked here with
 * the API's schema, and the server's field error lands under it too.
 */
export function AccessForm({ user, controls, onUpdated }: AccessFormProps) {
  const [localErrors, setLocalErrors] = useState<string[] | null>(null);
  const focusLater = useFocusAfterRender();
  const pending = controls.busy === "access";
  const reasonErrors = localErrors ?? controls.outcome?.fields.reason;

  function disable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "");
    const { data, fields } = validateForm(adminUserPatchSchema, { disabled: true, reason });
    if (!data) {
      setLocalErrors(Object.values(fields).flat());
      focusLater(() => document.getElementById(REASON_ID));
      return;
    }
    setLocalErrors(null);
    void controls.run(async () => {
      onUpdated(await updateAdminUser(user.id, data));
      return "Account disabled. They cannot sign in, and their sessions end at their next check.";
    });
  }

  function enable() {
    void controls.run(async () => {
      onUpdated(await updateAdminUser(user.id, { disabled: false }));
      return "Account enabled. They can sign in again.";
    });
  }

  return (
    <div id="access-action" className={styles.action}>
      <h3>Account access</h3>
      {user.disabled ? (
        <>
          <p className={shared.muted}>The account is disabled. Enabling it lets them sign in again.</p>
          <div>
            <button type="button" className={shared.button} disabled={controls.disabled} aria-busy={pending} onClick={enable}>
              {pending ? "Enabling…" : "Enable account"}
            </button>
          </div>
        </>
      ) : (
        <form className={styles.stackForm} onSubmit={disable} noValidate>
          <ReasonField
            id={REASON_ID}
            label="Reason"
            maxLength={DISABLE_REASON_MAX_LENGTH}
            purpose="Why the account is disabled, kept with it for other admins."
            errors={reasonErrors}
            onChange={() => setLocalErrors(null)}
          />
          <div>
            <button type="submit" className={shared.dangerButton} disabled={controls.disabled} aria-busy={pending}>
              {pending ? "Disabling…" : "Disable account"}
            </button>
          </div>
        </form>
      )}
      <ActionMessage action="access" outcome={controls.outcome} placedFields={user.disabled ? [] : ["reason"]} />
    </div>
  );
}
