import styles from "./GenerateForm.module.css";
import panelStyles from "./ParametersPanel.module.css";
import generateStyles from "./Generate.module.css";
import { CUSTOM_PRESET, useActionStatus, type ParameterValues } from "@/lib/client";
import type { FieldErrors } from "@/lib/http/shared";
import { BUILT_IN_PRESETS, MAX_TOKENS_MIN, SYSTEM_PROMPT_MAX_LENGTH, TEMPERATURE_MAX, type SystemPromptPreset } from "@/lib/generation/shared";

interface ParametersPanelProps {
  values: ParameterValues;
  onChange: (values: ParameterValues) => void;
  /** The person's own presets (the built-in ones are listed first). */
  presets: readonly SystemPromptPreset[];
  fields: FieldErrors;
  /** GENERATE_MAX_TOKENS: the most a request may ask for. */
  maxTokensLimit: number;
  onSaveAsDefault: () => Promise<void>;
}

const countFormat = new Intl.NumberFormat("en");

function ErrorLine({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className={styles.fieldError}>
      {errors.join(" ")}
    </p>
  );
}

/** aria-describedby for a field: its hint, and its error when it has one. */
function describedBy(name: string, fields: FieldErrors, hint?: string): string | undefined {
  return [hint, fields[name]?.length ? `param-${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

/**
 * How the model answers: temperature (a slider and a number, kept in step),
 * max tokens, and instructions from a preset or written here. Empty fields
 * leave the model's defaults. "Save as my default" stores them on the server.
 */
export function ParametersPanel({ values, onChange, presets, fields, maxTokensLimit, onSaveAsDefault }: ParametersPanelProps) {
  const { busy, status, error, run } = useActionStatus<"save">();
  const sliderValue = values.temperature.trim() === "" || Number.isNaN(Number(values.temperature)) ? "0.7" : values.temperature;
  const allPresets = [...BUILT_IN_PRESETS, ...presets];
  const chosen = allPresets.find((preset) => preset.name === values.preset);

  return (
    <fieldset className={panelStyles.panel}>
      <legend className={panelStyles.legend}>Parameters</legend>
      <div className={panelStyles.grid}>
        <div className={styles.field}>
          <label htmlFor="param-temperature" className={styles.label}>
            Temperature
          </label>
          <div className={panelStyles.temperature}>
            <input
              type="range"
              aria-label="Temperature slider"
              min={0}
              max={TEMPERATURE_MAX}
              step={0.1}
              value={sliderValue}
              onChange={(event) => onChange({ ...values, temperature: event.target.value })}
              className={panelStyles.slider}
            />
            <input
              id="param-temperature"
              name="temperature"
              type="number"
              inputMode="decimal"
              min={0}
              max={TEMPERATURE_MAX}
              step={0.1}
              placeholder="Auto"
              value={values.temperature}
              onChange={(event) => onChange({ ...values, temperature: event.target.value })}
              className={`${styles.select} ${panelStyles.number}`}
              aria-invalid={Boolean(fields.temperature?.length)}
              aria-describedby={describedBy("temperature", fields, "param-temperature-hint")}
            />
          </div>
          <p id="param-temperature-hint" className={styles.count}>
            0 to 2: lower is more predictable; empty leaves it to the model.
          </p>
          <ErrorLine id="param-temperature-error" errors={fields.temperature} />
        </div>
        <div className={styles.field}>
          <label htmlFor="param-maxTokens" className={styles.label}>
            Max tokens
          </label>
          <input
            id="param-maxTokens"
            name="maxTokens"
            type="number"
            inputMode="numeric"
            min={MAX_TOKENS_MIN}
            max={maxTokensLimit}
            step={1}
            placeholder={countFormat.format(maxTokensLimit)}
            value={values.maxTokens}
            onChange={(event) => onChange({ ...values, maxTokens: event.target.value })}
            className={styles.select}
            aria-invalid={Boolean(fields.maxTokens?.length)}
            aria-describedby={describedBy("maxTokens", fields, "param-maxTokens-hint")}
          />
          <p id="param-maxTokens-hint" className={styles.count}>
            {MAX_TOKENS_MIN} to {countFormat.format(maxTokensLimit)}.
          </p>
          <ErrorLine id="param-maxTokens-error" errors={fields.maxTokens} />
        </div>
      </div>
      <div className={styles.field}>
        <label htmlFor="param-preset" className={styles.label}>
          Instructions
        </label>
        <select
          id="param-preset"
          name="preset"
          className={styles.select}
          value={values.preset}
          onChange={(event) => onChange({ ...values, preset: event.target.value })}
          aria-describedby={chosen ? "param-preset-text" : undefined}
        >
          <option value="">None</option>
          {allPresets.map((preset) => (
            <option key={preset.name} value={preset.name}>
              {preset.name}
            </option>
          ))}
          <option value={CUSTOM_PRESET}>Custom…</option>
        </select>
        {chosen && (
          <p id="param-preset-text" className={styles.count}>
            {chosen.text}
          </p>
        )}
      </div>
      {values.preset === CUSTOM_PRESET && (
        <div className={styles.field}>
          <label htmlFor="param-systemPrompt" className={styles.label}>
            Your instructions
          </label>
          <textarea
            id="param-systemPrompt"
            name="systemPrompt"
            rows={3}
            maxLength={SYSTEM_PROMPT_MAX_LENGTH}
            className={styles.prompt}
            value={values.custom}
            onChange={(event) => onChange({ ...values, custom: event.target.value })}
            aria-invalid={Boolean(fields.systemPrompt?.length)}
            aria-describedby={describedBy("systemPrompt", fields)}
          />
          <ErrorLine id="param-systemPrompt-error" errors={fields.systemPrompt} />
        </div>
      )}
      <div className={generateStyles.actions}>
        <button
          type="button"
          className={generateStyles.button}
          disabled={busy !== null}
          aria-busy={busy !== null}
          onClick={() => void run("save", async () => (await onSaveAsDefault(), "Saved as your default."))}
        >
          {busy ? "Saving…" : "Save as my default"}
        </button>
        <p role="status" className={styles.count}>
          {status}
        </p>
      </div>
      {error && (
        <p role="alert" className={styles.fieldError}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
