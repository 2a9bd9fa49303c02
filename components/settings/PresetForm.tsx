import { useState, type FormEvent } from "react";
import formStyles from "@/components/ui/Form.module.css";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import settingsStyles from "./Settings.module.css";
import { PRESET_NAME_MAX_LENGTH, SYSTEM_PROMPT_MAX_LENGTH, type SystemPromptPreset } from "@/lib/generation/shared";

interface PresetFormProps {
  /** Prefixes the fields' ids: one form per preset being edited, and one to add. */
  id: string;
  initial: SystemPromptPreset;
  submitLabel: string;
  pending: boolean;
  /** The server's field errors for this preset, by field ("name", "text"). */
  errors: Partial<Record<"name" | "text", string[]>>;
  onSubmit: (preset: SystemPromptPreset) => void;
  onCancel?: () => void;
}

/** A preset's name and instructions, to add one or change one. */
export function PresetForm({ id, initial, submitLabel, pending, errors, onSubmit, onCancel }: PresetFormProps) {
  const [preset, setPreset] = useState(initial);
  const textInvalid = Boolean(errors.text?.length);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(preset);
  }

  return (
    <form className={formStyles.form} onSubmit={submit} noValidate aria-label={submitLabel}>
      <TextField
        id={`${id}-name`}
        name="name"
        label="Name"
        value={preset.name}
        maxLength={PRESET_NAME_MAX_LENGTH}
        onChange={(event) => setPreset({ ...preset, name: event.target.value })}
        errors={errors.name}
      />
      <div className={formStyles.field}>
        <label htmlFor={`${id}-text`} className={formStyles.label}>
          Instructions
        </label>
        <textarea
          id={`${id}-text`}
          name="text"
          rows={3}
          className={formStyles.input}
          value={preset.text}
          maxLength={SYSTEM_PROMPT_MAX_LENGTH}
          onChange={(event) => setPreset({ ...preset, text: event.target.value })}
          aria-invalid={textInvalid}
          aria-describedby={textInvalid ? `${id}-text-error` : undefined}
        />
        {textInvalid && (
          <p id={`${id}-text-error`} className={formStyles.fieldError}>
            {errors.text?.join(" ")}
          </p>
        )}
      </div>
      <div className={settingsStyles.formActions}>
        <SubmitButton pending={pending} label={submitLabel} pendingLabel="Saving…" />
        {onCancel && (
          <button type="button" className={settingsStyles.button} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
