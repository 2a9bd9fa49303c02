import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ConfirmPanel } from "@/components/ui/ConfirmPanel";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import { CheckKeyButton, type RowStatus } from "./CheckKeyButton";
import styles from "./Settings.module.css";
import { ApiError, errorMessage, firstInvalidField, useFocusAfterRender, validateForm } from "@/lib/client";
import {
  API_KEY_FORMATS,
  API_KEY_PROVIDER_LABELS,
  apiKeysUpdateSchema,
  CHECKABLE_API_KEY_PROVIDERS,
  type ApiKeyProvider,
  type MaskedApiKey,
} from "@/lib/vault/shared";

interface ApiKeyRowProps {
  provider: ApiKeyProvider;
  stored: MaskedApiKey | null;
  /** Stores `value`, or removes the key when it is null; throws `ApiError`. */
  onSave: (provider: ApiKeyProvider, value: string | null) => Promise<unknown>;
}

type Mode = "view" | "edit" | "confirmRemove";

const updatedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

const STATUS_CLASSES: Record<RowStatus["tone"], string | undefined> = {
  success: styles.saved,
  pending: styles.pendingStatus,
  warning: styles.checkWarning,
  error: styles.checkError,
};

/**
 * One provider's key: its masked value and the actions on it. "Replace" opens
 * an input for a new key (the old one is never shown in full, so it is never
 * edited); "Remove" asks first, since a removed key cannot be brought back.
 */
export function ApiKeyRow({ provider, stored, onSave }: ApiKeyRowProps) {
  const label = API_KEY_PROVIDER_LABELS[provider];
  const inputId = `api-key-${provider}`;
  const [mode, setMode] = useState<Mode>("view");
  const [fieldErrors, setFieldErrors] = useState<string[] | undefined>();
  const [panelError, setPanelError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<RowStatus | null>(null);
  const checkable = CHECKABLE_API_KEY_PROVIDERS.find((candidate) => candidate === provider);
  const formRef = useRef<HTMLFormElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();

  /** Focuses the first invalid input once React has committed the errors. */
  function focusFirstInvalid() {
    focusLater(() => firstInvalidField(formRef.current));
  }

  /** Where focus belongs in an open panel: the key input, or "Keep it" when confirming a removal. */
  function focusPanel(panel: Mode) {
    focusLater(() => document.getElementById(panel === "edit" ? inputId : `${inputId}-keep`));
  }

  function open(next: Mode) {
    setMode(next);
    setFieldErrors(undefined);
    setPanelError(null);
    setStatus(null);
    focusPanel(next);
  }

  /** Back to the row, focus on the button that opened the panel (or on Add, once the key is gone). */
  function close(message: string | null = null) {
    setMode("view");
    setStatus(message ? { text: message, tone: "success" } : null);
    focusLater(() => editButton.current);
  }

  function onPanelKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && !pending) close();
  }

  async function save(value: string | null, done: string) {
    setPending(true);
    setPanelError(null);
    try {
      await onSave(provider, value);
      close(done);
    } catch (error) {
      const messages = error instanceof ApiError ? error.fields[provider] : undefined;
      if (messages && mode === "edit") {
        setFieldErrors(messages);
        focusFirstInvalid();
      } else {
        setPanelError(errorMessage(error));
        focusPanel(mode);
      }
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("key") ?? "");
    const { data, fields } = validateForm(apiKeysUpdateSchema, { [provider]: value });
    if (!data) {
      setFieldErrors(fields[provider] ?? Object.values(fields).flat());
      return focusFirstInvalid();
    }
    void save(value, `${label} key saved.`);
  }

  return (
    <li className={styles.keyRow}>
      <h3 className={styles.keyName}>{label}</h3>
      <div className={styles.keyState}>
        <StoredKey stored={stored} />
        <div role="status">
          {status && (
            <p className={STATUS_CLASSES[status.tone]} data-check={status.check}>
              {status.text}
            </p>
          )}
        </div>
      </div>
      <div className={styles.actions}>
        <button
          ref={editButton}
          type="button"
          className={styles.button}
          aria-expanded={mode === "edit"}
          aria-controls={mode === "edit" ? `${inputId}-panel` : undefined}
          onClick={() => (mode === "edit" ? close() : open("edit"))}
        >
          {stored ? "Replace" : "Add"}
          <span className={styles.visuallyHidden}> {label} key</span>
        </button>
        {checkable && stored?.masked && <CheckKeyButton provider={checkable} label={label} onStatus={setStatus} />}
        {stored && (
          <button
            type="button"
            className={styles.dangerButton}
            aria-expanded={mode === "confirmRemove"}
            onClick={() => open("confirmRemove")}
          >
            Remove<span className={styles.visuallyHidden}> {label} key</span>
          </button>
        )}
      </div>

      {mode === "edit" && (
        <form
          ref={formRef}
          id={`${inputId}-panel`}
          className={styles.keyPanel}
          onSubmit={onSubmit}
          onKeyDown={onPanelKeyDown}
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
          <div className={styles.actions}>
            <SubmitButton pending={pending} label="Save key" pendingLabel="Saving…" />
            <button type="button" className={styles.button} onClick={() => close()} disabled={pending}>
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
          onConfirm={() => void save(null, `${label} key removed.`)}
          onKeep={() => close()}
        >
          <FormAlert message={panelError} />
        </ConfirmPanel>
      )}
    </li>
  );
}

/** The masked key and when it was set, "Not set", or a warning when the stored value no longer decrypts. */
function StoredKey({ stored }: { stored: MaskedApiKey | null }) {
  if (!stored) return <span className={styles.muted}>Not set</span>;
  return (
    <>
      {stored.masked === null ? (
        <p className={styles.warning}>Stored key can no longer be read; replace it</p>
      ) : (
        <code className={styles.masked}>{stored.masked}</code>
      )}
      <span className={styles.meta}>
        Updated <time dateTime={stored.updatedAt}>{updatedFormat.format(new Date(stored.updatedAt))}</time>
      </span>
    </>
  );
}
