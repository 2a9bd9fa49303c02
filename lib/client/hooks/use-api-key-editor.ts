import "client-only";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError } from "../api-client";
import { errorMessage } from "../error-message";
import { firstInvalidField, validateForm } from "../forms";
import { useFocusAfterRender } from "./use-focus-after-render";
import {
  API_KEY_PROVIDER_LABELS,
  apiKeysUpdateSchema,
  type ApiKeyCheckStatus,
  type ApiKeyProvider,
  type ApiKeysUpdateResponse,
} from "@/lib/vault/shared";

/** What a key row says in its status region, and how it looks. */
export interface KeyRowStatus {
  text: string;
  tone: "success" | "warning" | "error" | "pending";
  /** The check's verdict, for tests and styling: valid, rejected or unreachable. */
  check?: string;
  /** What the line offers next: generating with the accepted key, or getting a new one from the provider. */
  next?: "generate" | "createKey";
}

/** The row as it is, the panel to enter a new key, or the question before removing it. */
type EditorMode = "view" | "edit" | "confirmRemove";

/** What the row says once a key is saved: what its provider answered when the server checked it, if it did. */
function savedKeyStatus(label: string, check: ApiKeyCheckStatus | undefined): KeyRowStatus {
  switch (check) {
    case "valid":
      return { text: `${label} accepted the key.`, tone: "success", check, next: "generate" };
    case "rejected":
      return { text: `${label} refused the key — check it.`, tone: "warning", check, next: "createKey" };
    case "unreachable":
      return { text: `Couldn't reach ${label} — saved, not yet checked.`, tone: "warning", check };
    default:
      return { text: `${label} key saved.`, tone: "success" };
  }
}

/** A checked provider's verdict on this key, if the answer has one. */
function checkOf(answer: ApiKeysUpdateResponse | undefined, provider: ApiKeyProvider): ApiKeyCheckStatus | undefined {
  const check: Partial<Record<ApiKeyProvider, ApiKeyCheckStatus>> | undefined = answer?.check;
  return check?.[provider];
}

/**
 * One API key row's editor (components/settings/ApiKeyRow.tsx): which panel
 * is open, its errors, whether a save runs, the row's status line, and focus
 * where a keyboard user needs it next (the opened panel's first control, the
 * first invalid input, back on the button that opened the panel once it
 * closes). `save` stores `value`, or removes the key when it is null, and
 * throws `ApiError`. With `openOnArrival` (a link such as
 * `?add=togetherAI`), the key panel opens focused as the row first shows.
 */
export function useApiKeyEditor(
  provider: ApiKeyProvider,
  save: (provider: ApiKeyProvider, value: string | null) => Promise<ApiKeysUpdateResponse | undefined>,
  { openOnArrival = false }: { openOnArrival?: boolean } = {},
) {
  const label = API_KEY_PROVIDER_LABELS[provider];
  const inputId = `api-key-${provider}`;
  const [mode, setMode] = useState<EditorMode>("view");
  const [fieldErrors, setFieldErrors] = useState<string[] | undefined>();
  const [panelError, setPanelError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<KeyRowStatus | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
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

  useEffect(() => {
    // A link asked for this key's form: open it once, as the row first shows (focus moves to its input).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (openOnArrival) open("edit");
    // Once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /**
   * Back to the row, focus on the button that opened the panel: Remove after
   * backing out of a removal, Add/Replace otherwise (and once the key is gone,
   * when Remove is no longer there).
   */
  function close(next: KeyRowStatus | null = null, { removed = false } = {}) {
    const backFromRemove = mode === "confirmRemove" && !removed;
    setMode("view");
    setStatus(next);
    focusLater(() => (backFromRemove ? removeButton.current : editButton.current));
  }

  async function store(value: string | null) {
    setPending(true);
    setPanelError(null);
    try {
      const answer = await save(provider, value);
      if (value === null) close({ text: `${label} key removed.`, tone: "success" }, { removed: true });
      else close(savedKeyStatus(label, checkOf(answer, provider)));
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
    void store(value);
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
    removeButton,
    /** "Add"/"Replace": opens the key panel, or closes it when open. */
    toggleEdit: () => (mode === "edit" ? close() : open("edit")),
    askToRemove: () => open("confirmRemove"),
    remove: () => void store(null),
    cancel: () => close(),
    onSubmit,
    onPanelKeyDown,
  };
}
