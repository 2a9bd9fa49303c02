import { useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import formStyles from "@/components/ui/Form.module.css";
import { LoadState } from "./LoadState";
import { PresetForm } from "./PresetForm";
import settingsStyles from "./Settings.module.css";
import { ApiError, errorMessage, usePreferences } from "@/lib/client";
import { BUILT_IN_PRESETS, OWN_PRESETS_MAX, type SystemPromptPreset } from "@/lib/generation/shared";

/** Which form is open: one preset's (by index) or the one that adds. */
type Editing = number | "new" | null;
type PresetErrors = Partial<Record<"name" | "text", string[]>>;

const EMPTY: SystemPromptPreset = { name: "", text: "" };

/** The server's field errors for preset `index` (a clash of names or the limit is told on the name). */
function presetErrors(error: ApiError, index: number): PresetErrors {
  const at = `generation.presets.${index}`;
  const name = [...(error.fields[`${at}.name`] ?? []), ...(error.fields["generation.presets"] ?? [])];
  return { ...(name.length ? { name } : {}), ...(error.fields[`${at}.text`] ? { text: error.fields[`${at}.text`] } : {}) };
}

/**
 * Instructions for the model kept as presets: the built-in ones, up to
 * OWN_PRESETS_MAX of one's own (add, change, delete), and which one /generate
 * starts with.
 */
export function PresetsSection() {
  const { preferences, error, reload, updatePreferences } = usePreferences();
  const [editing, setEditing] = useState<Editing>(null);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<PresetErrors>({});
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const generation = preferences?.generation;
  const own = generation?.presets ?? [];

  async function save(change: { presets?: SystemPromptPreset[]; defaultPreset?: string | null }, index: number, done: string) {
    setPending(true);
    setErrors({});
    setStatus(null);
    setFailure(null);
    try {
      await updatePreferences({ generation: change });
      setEditing(null);
      setStatus(done);
    } catch (caught) {
      const fields = caught instanceof ApiError ? presetErrors(caught, index) : {};
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFailure(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  function open(next: Editing) {
    setEditing(next);
    setErrors({});
    setStatus(null);
  }

  return (
    <section className={settingsStyles.section} aria-labelledby="presets-heading">
      <h2 id="presets-heading">Instruction presets</h2>
      <p className={settingsStyles.sectionIntro}>
        Instructions the model follows besides your prompt, picked on the Generate page. The one chosen here is picked
        for you.
      </p>
      {generation ? (
        <>
          <div className={formStyles.field}>
            <label htmlFor="default-preset" className={formStyles.label}>
              Start with
            </label>
            <select
              id="default-preset"
              className={formStyles.input}
              value={generation.defaultPreset ?? ""}
              disabled={pending}
              onChange={(event) => void save({ defaultPreset: event.target.value || null }, -1, "Saved: Generate starts with these instructions.")}
            >
              <option value="">No instructions</option>
              {[...BUILT_IN_PRESETS, ...own].map((preset) => (
                <option key={preset.name} value={preset.name}>
                  {preset.name}
                </option>
              ))}
            </select>
          </div>
          <h3>Your presets</h3>
          {own.length === 0 && <p className={settingsStyles.muted}>None yet.</p>}
          <ul className={settingsStyles.presetList}>
            {own.map((preset, index) => (
              <li key={preset.name}>
                {editing === index ? (
                  <PresetForm
                    id={`preset-${index}`}
                    initial={preset}
                    submitLabel={`Save ${preset.name}`}
                    pending={pending}
                    errors={errors}
                    onSubmit={(changed) => {
                      const presets = own.map((each, at) => (at === index ? changed : each));
                      // A renamed default stays the default.
                      const renamedDefault = generation.defaultPreset === preset.name ? { defaultPreset: changed.name.trim() } : {};
                      void save({ presets, ...renamedDefault }, index, `Saved ${changed.name.trim()}.`);
                    }}
                    onCancel={() => open(null)}
                  />
                ) : (
                  <>
                    <p>
                      <strong>{preset.name}</strong>
                    </p>
                    <p className={settingsStyles.meta}>{preset.text}</p>
                    <div className={settingsStyles.actions}>
                      <button type="button" className={settingsStyles.button} disabled={pending} onClick={() => open(index)} aria-label={`Edit ${preset.name}`}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className={settingsStyles.dangerButton}
                        disabled={pending}
                        aria-label={`Delete ${preset.name}`}
                        onClick={() => void save({ presets: own.filter((_, at) => at !== index) }, index, `Deleted ${preset.name}.`)}
                      >
                        Delete
                      </button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
          {editing === "new" ? (
            <PresetForm
              id="preset-new"
              initial={EMPTY}
              submitLabel="Add preset"
              pending={pending}
              errors={errors}
              onSubmit={(added) => void save({ presets: [...own, added] }, own.length, `Added ${added.name.trim()}.`)}
              onCancel={() => open(null)}
            />
          ) : (
            own.length < OWN_PRESETS_MAX && (
              <div className={settingsStyles.actions}>
                <button type="button" className={settingsStyles.button} disabled={pending} onClick={() => open("new")}>
                  Add a preset
                </button>
              </div>
            )
          )}
          <div role="status">{status && <p className={settingsStyles.saved}>{status}</p>}</div>
          <FormAlert message={failure} />
        </>
      ) : (
        <LoadState what="your presets" error={error} onRetry={reload} />
      )}
    </section>
  );
}
