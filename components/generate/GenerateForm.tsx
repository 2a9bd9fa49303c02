import type { FormEvent, KeyboardEvent, ReactNode, RefObject } from "react";
import styles from "./GenerateForm.module.css";
import { isSubmitShortcut, useModels } from "@/lib/client";
import { describeModel, modelFacts } from "@/lib/model-catalog/shared";
import type { FieldErrors } from "@/lib/http/shared";
import {
  GENERATION_LANGUAGE_LABELS,
  PROMPT_MAX_LENGTH,
  type GenerationLanguage,
  type GenerationOptions,
} from "@/lib/generation/shared";

export interface PromptValues {
  prompt: string;
  language: GenerationLanguage | "";
  model: string;
}

interface GenerateFormProps {
  formRef: RefObject<HTMLFormElement | null>;
  options: GenerationOptions;
  values: PromptValues;
  onChange: (values: PromptValues) => void;
  fields: FieldErrors;
  /** A generation is under way: Generate waits, Stop shows. */
  running: boolean;
  onGenerate: () => void;
  onStop: () => void;
  /** The Parameters panel, shown before Generate. */
  parameters?: ReactNode;
}

const countFormat = new Intl.NumberFormat("en");

/** Stop's id: focus moves to it when Generate, disabled while the answer comes, had it (see useRunFocus). */
export const STOP_ID = "generate-stop";

/** Error and hint ids for aria-describedby, and whether the field is invalid. */
function describe(name: string, fields: FieldErrors, hintId?: string) {
  const errors = fields[name];
  const invalid = Boolean(errors?.length);
  const describedBy = [hintId, invalid ? `generate-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return { errors, invalid, describedBy };
}

function FieldError({ name, errors }: { name: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p id={`generate-${name}-error`} className={styles.fieldError}>
      {errors.join(" ")}
    </p>
  );
}

/**
 * What to generate: the prompt (with its length against the limit), an
 * optional language, the model. Ctrl/Cmd+Enter in the prompt generates; Esc
 * stops (handled by the page, wherever focus is). The keys are not mentioned
 * on touch screens, where there usually is no keyboard (the keyHint class).
 */
export function GenerateForm({ formRef, options, values, onChange, fields, running, onGenerate, onStop, parameters }: GenerateFormProps) {
  const length = values.prompt.length;
  const prompt = describe("prompt", fields, "generate-prompt-count");
  const language = describe("language", fields);
  const model = describe("model", fields, "generate-model-facts");
  // Names and prices from GET /api/models (rendered on the server as its fallback); bare ids if it failed.
  const catalog = useModels().data?.models ?? null;
  const selectedModel = describeModel(values.model, catalog);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!running) onGenerate();
  }

  function onPromptKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isSubmitShortcut(event)) {
      event.preventDefault();
      if (!running) onGenerate();
    }
  }

  return (
    <form ref={formRef} className={styles.form} onSubmit={onSubmit} noValidate aria-label="Generate code">
      <div className={styles.field}>
        <label htmlFor="generate-prompt" className={styles.label}>
          Describe the code you want
        </label>
        <textarea
          id="generate-prompt"
          name="prompt"
          className={styles.prompt}
          rows={7}
          value={values.prompt}
          onChange={(event) => onChange({ ...values, prompt: event.target.value })}
          onKeyDown={onPromptKeyDown}
          aria-invalid={prompt.invalid}
          aria-describedby={prompt.describedBy}
          spellCheck
        />
        <p id="generate-prompt-count" className={length > PROMPT_MAX_LENGTH ? styles.countOver : styles.count}>
          {countFormat.format(length)} / {countFormat.format(PROMPT_MAX_LENGTH)} characters
          <span className={styles.keyHint}> · Ctrl+Enter (⌘+Enter) generates</span>
        </p>
        <FieldError name="prompt" errors={prompt.errors} />
      </div>

      <div className={styles.selects}>
        <div className={styles.field}>
          <label htmlFor="generate-language" className={styles.label}>
            Language
          </label>
          <select
            id="generate-language"
            name="language"
            className={styles.select}
            value={values.language}
            onChange={(event) =>
              onChange({ ...values, language: options.languages.find((id) => id === event.target.value) ?? "" })
            }
            aria-invalid={language.invalid}
            aria-describedby={language.describedBy}
          >
            <option value="">Any</option>
            {options.languages.map((id) => (
              <option key={id} value={id}>
                {GENERATION_LANGUAGE_LABELS[id]}
              </option>
            ))}
          </select>
          <FieldError name="language" errors={language.errors} />
        </div>
        <div className={styles.field}>
          <label htmlFor="generate-model" className={styles.label}>
            Model
          </label>
          <select
            id="generate-model"
            name="model"
            className={styles.select}
            value={values.model}
            onChange={(event) => onChange({ ...values, model: event.target.value })}
            aria-invalid={model.invalid}
            aria-describedby={model.describedBy}
          >
            {options.models.map((id) => (
              <option key={id} value={id}>
                {describeModel(id, catalog).name}
              </option>
            ))}
          </select>
          <p id="generate-model-facts" className={styles.modelFacts}>
            {modelFacts(selectedModel)}
          </p>
          <FieldError name="model" errors={model.errors} />
        </div>
      </div>

      {parameters}

      <div className={styles.formActions}>
        <button type="submit" className={styles.submit} disabled={running} aria-busy={running}>
          {running ? "Generating…" : "Generate"}
        </button>
        {running && (
          <button id={STOP_ID} type="button" className={styles.stop} onClick={onStop}>
            Stop <span className={styles.keyHint}>(Esc)</span>
          </button>
        )}
      </div>
    </form>
  );
}
