import { useState, type FormEvent } from "react";
import formStyles from "@/components/ui/Form.module.css";
import { FormAlert } from "@/components/ui/FormAlert";
import shared from "./Admin.module.css";
import styles from "./ModelAllowList.module.css";
import { errorMessage, saveModelAllowList, useHydrated } from "@/lib/client";
import { describeModel, modelFacts, modelIdSchema, modelSettingsSchema, type AdminModelsResponse } from "@/lib/model-catalog/shared";

interface ModelAllowListProps {
  initial: AdminModelsResponse;
}

/**
 * The models on offer for code generation, in the picker's order: move,
 * remove, choose the default, add one from the provider's catalog or by id,
 * then save the whole list (checked here with the server's own schema).
 */
export function ModelAllowList({ initial }: ModelAllowListProps) {
  const hydrated = useHydrated();
  const [current, setCurrent] = useState(initial);
  const [ids, setIds] = useState(initial.models.map((model) => model.id));
  const [defaultModel, setDefaultModel] = useState(initial.default);
  const [adding, setAdding] = useState("");
  const [addError, setAddError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: "success" | "error"; message: string } | null>(null);

  function move(index: number, by: -1 | 1) {
    const next = [...ids];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + by, 0, moved);
    setIds(next);
  }

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = modelIdSchema.safeParse(adding);
    if (!parsed.success) return setAddError(parsed.error.issues[0]?.message ?? "Type a model id");
    if (ids.includes(parsed.data)) return setAddError("That model is already on the list");
    setIds([...ids, parsed.data]);
    setAdding("");
    setAddError(null);
  }

  async function onSave() {
    const parsed = modelSettingsSchema.safeParse({ models: ids, defaultModel });
    if (!parsed.success) return setResult({ tone: "error", message: parsed.error.issues.map((issue) => issue.message).join(" ") });
    setBusy(true);
    setResult(null);
    try {
      const saved = await saveModelAllowList(parsed.data);
      setCurrent(saved);
      setResult({ tone: "success", message: `Saved: ${saved.models.length} models on offer, ${describeModel(saved.default, saved.catalog).name} by default.` });
    } catch (caught) {
      setResult({ tone: "error", message: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  const catalogIds = current.catalog.map((model) => model.id).filter((id) => !ids.includes(id));
  return (
    <section aria-labelledby="models-heading" className={styles.section}>
      <h2 id="models-heading">Models on offer</h2>
      <p className={shared.muted}>
        {current.catalogFetchedAt
          ? "Names and prices come from Together AI's model list, fetched at most once an hour."
          : "Together AI's model list has not been fetched yet: store your own Together AI key to see names and prices."}
        {!current.saved && " Nothing saved yet: this is TOGETHER_MODELS from the environment."}
      </p>
      <ol className={styles.list}>
        {ids.map((id, index) => {
          const model = describeModel(id, current.catalog);
          return (
            <li key={id} className={styles.row}>
              <div className={styles.about}>
                <span className={styles.name}>{model.name}</span>
                {model.name !== id && <code className={styles.id}>{id}</code>}
                <span className={shared.muted}>{modelFacts(model)}</span>
              </div>
              <div className={styles.controls}>
                <label className={styles.defaultChoice}>
                  <input type="radio" name="default-model" value={id} checked={defaultModel === id} onChange={() => setDefaultModel(id)} />
                  Default
                </label>
                <button type="button" className={shared.button} disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${model.name} up`}>
                  Up
                </button>
                <button type="button" className={shared.button} disabled={index === ids.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${model.name} down`}>
                  Down
                </button>
                <button type="button" className={shared.dangerButton} disabled={ids.length === 1} onClick={() => setIds(ids.filter((other) => other !== id))} aria-label={`Remove ${model.name}`}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <form className={styles.addForm} onSubmit={onAdd} noValidate>
        <div className={formStyles.field}>
          <label htmlFor="add-model" className={formStyles.label}>
            Add a model
          </label>
          <input
            id="add-model"
            className={formStyles.input}
            list="catalog-models"
            value={adding}
            onChange={(event) => setAdding(event.target.value)}
            aria-invalid={addError ? true : undefined}
            aria-describedby={addError ? "add-model-error" : "add-model-hint"}
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id="catalog-models">
            {catalogIds.map((id) => (
              <option key={id} value={id}>
                {describeModel(id, current.catalog).name}
              </option>
            ))}
          </datalist>
          {addError ? (
            <p id="add-model-error" className={formStyles.fieldError}>
              {addError}
            </p>
          ) : (
            <p id="add-model-hint" className={formStyles.hint}>
              A model id from the provider&rsquo;s list, such as Qwen/Qwen2.5-Coder-32B-Instruct.
            </p>
          )}
        </div>
        <button type="submit" className={shared.button} disabled={!hydrated}>
          Add
        </button>
      </form>
      <div className={styles.saveRow}>
        <button type="button" className={styles.save} onClick={() => void onSave()} disabled={!hydrated || busy} aria-busy={busy}>
          {busy ? "Saving…" : "Save models"}
        </button>
      </div>
      <FormAlert message={result?.message ?? null} tone={result?.tone} />
    </section>
  );
}
