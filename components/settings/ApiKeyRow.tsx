import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import { CheckKeyButton } from "./CheckKeyButton";
import { KeyStatusLine } from "./KeyStatusLine";
import { LastKeyCheck } from "./LastKeyCheck";
import settingsStyles from "./Settings.module.css";
import rowStyles from "./KeyRows.module.css";
import styles from "./ApiKeyRow.module.css";
import { useApiKeyEditor } from "@/lib/client";
import {
  API_KEY_FORMATS,
  CHECKABLE_API_KEY_PROVIDERS,
  type ApiKeyProvider,
  type ApiKeysUpdateResponse,
  type MaskedApiKey,
} from "@/lib/vault/shared";

interface ApiKeyRowProps {
  provider: ApiKeyProvider;
  stored: MaskedApiKey | null;
  /** Stores `value`, or removes the key when it is null, answering what a check of it found; throws `ApiError`. */
  onSave: (provider: ApiKeyProvider, value: string | null) => Promise<ApiKeysUpdateResponse>;
  /** Open the key form, focused, as the row first shows (a link asked for it: `?add=<provider>`). */
  openOnArrival?: boolean;
}

const updatedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/**
 * One provider's key: its masked value and the actions on it. "Replace" opens
 * an input for a new key (the old one is never shown in full, so it is never
 * edited); "Remove" asks first, since a removed key cannot be brought back.
 * The editor's state and focus moves are useApiKeyEditor's.
 */
export function ApiKeyRow({ provider, stored, onSave, openOnArrival = false }: ApiKeyRowProps) {
  const { label, inputId, mode, fieldErrors, panelError, pending, status, setStatus, formRef, editButton, removeButton, ...actions } =
    useApiKeyEditor(provider, onSave, { openOnArrival });
  const checkable = CHECKABLE_API_KEY_PROVIDERS.find((candidate) => candidate === provider);

  return (
    <li className={rowStyles.keyRow}>
      <h3 className={rowStyles.keyName}>{label}</h3>
      <div className={rowStyles.keyState}>
        <StoredKey stored={stored} />
        {checkable && stored && <LastKeyCheck lastCheck={stored.lastCheck} label={label} />}
        <div role="status">{status && <KeyStatusLine provider={provider} label={label} status={status} />}</div>
      </div>
      <div className={settingsStyles.actions}>
        <button
          ref={editButton}
          type="button"
          className={settingsStyles.button}
          aria-expanded={mode === "edit"}
          aria-controls={mode === "edit" ? `${inputId}-panel` : undefined}
          onClick={actions.toggleEdit}
        >
          {stored ? "Replace" : "Add"}
          <span className={settingsStyles.visuallyHidden}> {label} key</span>
        </button>
        {checkable && stored?.masked && <CheckKeyButton provider={checkable} label={label} onStatus={setStatus} />}
        {stored && (
          <button
            ref={removeButton}
            type="button"
            className={settingsStyles.dangerButton}
            aria-expanded={mode === "confirmRemove"}
            onClick={actions.askToRemove}
          >
            Remove<span className={settingsStyles.visuallyHidden}> {label} key</span>
          </button>
        )}
      </div>

      {mode === "edit" && (
        <form
          ref={formRef}
          id={`${inputId}-panel`}
          className={settingsStyles.panel}
          onSubmit={actions.onSubmit}
          onKeyDown={actions.onPanelKeyDown}
          noValidate
        >
          <FormAlert message={panelError} />
          <TextField
            id={inputId}
            name="key"
            label={stored ? `New ${label} key` : `${label} key`}
            type="password"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            required
            hint={`At least ${API_KEY_FORMATS[provider].minLength} characters: ${API_KEY_FORMATS[provider].described}. Stored encrypted; after saving, only its first and last characters are ever shown.`}
            errors={fieldErrors}
          />
          <div className={settingsStyles.actions}>
            <SubmitButton pending={pending} label="Save key" pendingLabel="Saving…" />
            <button type="button" className={settingsStyles.button} onClick={actions.cancel} disabled={pending}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {mode === "confirmRemove" && (
        <ConfirmPanel
          id={inputId}
          className={styles.fullRow}
          question={`Remove your ${label} key? KeyForge can no longer use it, and it cannot be recovered.`}
          confirmLabel="Remove key"
          pendingLabel="Removing…"
          pending={pending}
          onConfirm={actions.remove}
          onKeep={actions.cancel}
        >
          <FormAlert message={panelError} />
        </ConfirmPanel>
      )}
    </li>
  );
}

/** The masked key and when it was set, "Not set", or a warning when the stored value no longer decrypts. */
function StoredKey({ stored }: { stored: MaskedApiKey | null }) {
  if (!stored) return <span className={settingsStyles.muted}>Not set</span>;
  return (
    <>
      {stored.masked === null ? (
        <p className={settingsStyles.warning}>Stored key can no longer be read; replace it</p>
      ) : (
        <code className={styles.masked}>{stored.masked}</code>
      )}
      <span className={settingsStyles.meta}>
        Updated <time dateTime={stored.updatedAt}>{updatedFormat.format(new Date(stored.updatedAt))}</time>
      </span>
    </>
  );
}
