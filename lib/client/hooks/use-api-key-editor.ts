import "client-only";
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError } from "../api-client";
import { errorMessage } from "../error-message";
import { firstInvalidField, validateForm } from "../forms";
import { useFocusAfterRender } from "./use-focus-after-render";
import { API_KEY_PROVIDER_LABELS, apiKeysUpdateSchema, type ApiKeyProvider } from "@/lib/vault/shared";

/** What a key row says in its status region, and how it looks. */
export interface KeyRowStatus {
  text: string;
  tone: "success" | "warning" | "error" | "pending";
  /** The check's verdict, for tests and styling: valid, rejected or unreachable. */
  check?: string;
}

/** The row as it is, the panel to enter a new key, or the question before removing it. */
type EditorMode = "view" | "edit" | "confirmRemove";

/**
 * One API key row's editor (components/settings/ApiKeyRow.tsx): which panel
 * is open, its errors, whether a save runs, the row's status line, and focus
 * where a keyboard user needs it next (the opened panel's first control, the
 * first invalid input, back on the button that opened the panel once it
 * closes). `save` stores `value`, or removes the key when it is null, and
 * throws `ApiError`.
 */
export function useApiKeyEditor(provider: ApiKeyProvider, save: (provider: ApiKeyProvider, value: string | null) => Promise<unknown>) {
  const label = API_KEY_PROVIDER_LABELS[provider];
  const inputId = `api-key-${provider}`;
  const [mode, setMode] = useState<EditorMode>("view");
  const [fieldErrors, setFieldErrors] = useState<string[] | undefined>();
  const [panelError, setPanelError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<KeyRowStatus | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();

  /** Focuses the first invalid input once React has committed the errors. */
  function focusFirstInvalid() {
    focusLater(() => firstInvalidField(formRef.current));
  }

  /** Where focus belongs in an open panel: the key input, or "Keep it" when confirming a removal. */
  function focusPanel(panel: EditorMode) {
    focusLater(() => document.getElementById(panel === "edit" ? inputId : `${inputId}-keep`));
  }

  function open(next: EditorMode) {
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

  async function store(value: string | null, done: string) {
    setPending(true);
    setPanelError(null);
    try {
      await save(provider, value);
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

  /** The key panel's submit: checked here first, so a malformed key never leaves the browser. */
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("key") ?? "");
    const { data, fields } = validateForm(apiKeysUpdateSchema, { [provider]: value });
    if (!data) {
      setFieldErrors(fields[provider] ?? Object.values(fields).flat());
      return focusFirstInvalid();
    }
    void store(value, `${label} key saved.`);
  }

  /** Escape closes the panel, unless a save is running. */
  function onPanelKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && !pending) close();
  }

  return {
    label,
    inputId,
    mode,
    fieldErrors,
    panelError,
    pending,
    status,
    setStatus,
    formRef,
    editButton,
    /** "Add"/"Replace": opens the key panel, or closes it when open. */
    toggleEdit: () => (mode === "edit" ? close() : open("edit")),
    askToRemove: () => open("confirmRemove"),
    remove: () => void store(null, `${label} key removed.`),
    cancel: () => close(),
    onSubmit,
    onPanelKeyDown,
  };
}
