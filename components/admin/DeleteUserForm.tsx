import { useRouter } from "next/router";
import { useState, type FormEvent } from "react";
import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { ActionMessage, type ActionControls } from "./ActionMessage";
import { ReasonField } from "./ReasonField";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import { deleteAdminUser, useFocusAfterRender, validateForm } from "@/lib/client";
import { adminUserDeleteSchema, type AdminUserDelete, type AdminUserDetail } from "@/lib/admin/shared";
import { ADMIN_NOTE_MAX_LENGTH } from "@/lib/audit/shared";

interface DeleteUserFormProps {
  user: AdminUserDetail["user"];
  /** The admin's own account: deleted in Settings → Your data, not here. */
  isViewer: boolean;
  controls: ActionControls;
}

const REASON_ID = "delete-reason";
const START_ID = "delete-start";

/**
 * Deletes the account (as its owner's "Delete account" does: mailed to them,
 * what is kept is in docs/accounts.md), with a reason kept in both audit
 * trails, after a confirmation; then back to the console (/admin), whose list no longer has it.
 */
export function DeleteUserForm({ user, isViewer, controls }: DeleteUserFormProps) {
  const router = useRouter();
  const [localErrors, setLocalErrors] = useState<string[] | null>(null);
  /** The request waiting for "Delete account" in the confirmation. */
  const [confirming, setConfirming] = useState<AdminUserDelete | null>(null);
  const focusLater = useFocusAfterRender();
  const pending = controls.busy === "delete";
  const reasonErrors = localErrors ?? controls.outcome?.fields.reason;

  function ask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields } = validateForm(adminUserDeleteSchema, { reason: String(new FormData(event.currentTarget).get("reason") ?? "") });
    if (!data) {
      setLocalErrors(Object.values(fields).flat());
      focusLater(() => document.getElementById(REASON_ID));
      return;
    }
    setLocalErrors(null);
    setConfirming(data);
    focusLater(() => document.getElementById("delete-keep"));
  }

  function confirm(request: AdminUserDelete) {
    void controls.run(async () => {
      try {
        await deleteAdminUser(user.id, request);
      } catch (error) {
        setConfirming(null);
        throw error;
      }
      await router.push("/admin");
      return null;
    });
  }

  return (
    <div id="delete-action" className={styles.action}>
      <h3>Delete account</h3>
      {isViewer ? (
        <p className={shared.muted}>Delete your own account in Settings → Your data.</p>
      ) : (
        <form className={styles.stackForm} onSubmit={ask} noValidate>
          <p className={shared.muted}>
            Removes the account, its keys, history, sign-in methods and devices, and tells them by email. Usage records without text
            and the audit trail are kept for their retention period.
          </p>
          <ReasonField
            id={REASON_ID}
            label="Reason for deleting"
            maxLength={ADMIN_NOTE_MAX_LENGTH}
            purpose="Who asked, or why: kept in the audit trail."
            errors={reasonErrors}
            onChange={() => {
              setLocalErrors(null);
              // A changed reason is asked about again.
              setConfirming(null);
            }}
          />
          {confirming ? (
            <ConfirmPanel
              id="delete"
              question={`Delete the account of ${user.email ?? user.name ?? "this user"}? This cannot be undone.`}
              confirmLabel="Delete account"
              pendingLabel="Deleting…"
              pending={pending}
              disabled={controls.disabled}
              onConfirm={() => confirm(confirming)}
              onKeep={() => {
                setConfirming(null);
                focusLater(() => document.getElementById(START_ID));
              }}
            />
          ) : (
            <div>
              <button id={START_ID} type="submit" className={shared.dangerButton} disabled={controls.disabled}>
                Delete account…
              </button>
            </div>
          )}
        </form>
      )}
      <ActionMessage action="delete" outcome={controls.outcome} placedFields={["reason"]} />
    </div>
  );
}
