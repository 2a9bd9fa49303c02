import { useState, type FormEvent } from "react";
import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { FormAlert } from "@/components/ui/FormAlert";
import { TextField } from "@/components/ui/TextField";
import rowStyles from "./KeyRows.module.css";
import settingsStyles from "./Settings.module.css";
import styles from "./PasskeysSection.module.css";
import { errorMessage, timeAgo } from "@/lib/client";
import { PASSKEY_NAME_MAX } from "@/lib/passkeys/shared";
import type { PasskeyView } from "@/lib/two-factor/shared";

interface PasskeyRowProps {
  passkey: PasskeyView;
  now: number;
  /** Another change in the section is running: this row waits. */
  disabled: boolean;
  rename: (name: string) => Promise<unknown>;
  /** Resolves once removed; rejects with the server's refusal (the last way in, a stale sign-in). */
  remove: () => Promise<void>;
}

/** One passkey: its name, when it was added and last used; "Rename" edits the name in place, "Remove" asks first. */
export function PasskeyRow({ passkey, now, disabled, rename, remove }: PasskeyRowProps) {
  const [mode, setMode] = useState<"view" | "rename" | "remove">("view");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = `passkey-name-${passkey.id}`;

  async function attempt(action: () => Promise<unknown>) {
    setPending(true);
    setError(null);
    try {
      await action();
      setMode("view");
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!name) return setError("Give the passkey a name");
    void attempt(() => rename(name));
  }

  const back = () => {
    setMode("view");
    setError(null);
  };

  return (
    <li className={rowStyles.keyRow}>
      <h3 className={rowStyles.keyName}>{passkey.name}</h3>
      <span className={rowStyles.keyState}>
        <span className={settingsStyles.meta}>
          Added <time dateTime={passkey.createdAt}>{timeAgo(passkey.createdAt, now)}</time>
        </span>
        <span className={settingsStyles.meta}>
          {passkey.lastUsedAt ? (
            <>
              Last used <time dateTime={passkey.lastUsedAt}>{timeAgo(passkey.lastUsedAt, now)}</time>
            </>
          ) : (
            "Not used yet"
          )}
        </span>
      </span>
      <span className={styles.rowActions}>
        <button type="button" className={settingsStyles.button} disabled={disabled || mode !== "view"} onClick={() => setMode("rename")}>
          Rename<span className={settingsStyles.visuallyHidden}> {passkey.name}</span>
        </button>
        <button type="button" className={settingsStyles.dangerButton} disabled={disabled || mode !== "view"} onClick={() => setMode("remove")}>
          Remove<span className={settingsStyles.visuallyHidden}> {passkey.name}</span>
        </button>
      </span>
      {mode === "rename" && (
        <form className={`${styles.fullRow} ${styles.renameForm}`} onSubmit={onRename} noValidate>
          <TextField id={fieldId} name="name" label="New name" defaultValue={passkey.name} maxLength={PASSKEY_NAME_MAX} autoFocus required />
          <button type="submit" className={settingsStyles.button} disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </button>
          <button type="button" className={settingsStyles.button} onClick={back} disabled={pending}>
            Cancel
          </button>
          <FormAlert message={error} />
        </form>
      )}
      {mode === "remove" && (
        <ConfirmPanel
          id={`passkey-${passkey.id}`}
          className={styles.fullRow}
          question={`Remove the passkey "${passkey.name}"? It will no longer sign in to KeyForge.`}
          confirmLabel="Remove passkey"
          pendingLabel="Removing…"
          pending={pending}
          onConfirm={() => void attempt(remove)}
          onKeep={back}
        >
          <FormAlert message={error} />
        </ConfirmPanel>
      )}
    </li>
  );
}
