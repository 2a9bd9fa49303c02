import "#server-only";
import { collections } from "@/lib/core/collections";
import { getDb } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { registerIndexes } from "@/lib/core/indexes";
import { MODEL_DOCS_CACHE_MS, processCache } from "./process-cache";
import { modelSettingsSchema, type ModelSettings } from "./shared";

// Read by `_id` only; this index lets an operator see when settings last changed.
registerIndexes({ collection: collections.appSettings, key: { updatedAt: 1 } });

const MODELS_ID = "models";

interface ModelSettingsDoc extends ModelSettings {
  _id: string;
  updatedAt: Date;
  updatedBy: string;
}

async function settingsDocs() {
  return (await getDb()).collection<ModelSettingsDoc>(collections.appSettings);
}

/** TOGETHER_MODELS and TOGETHER_DEFAULT_MODEL: the list until an admin saves one. */
export function initialModelSettings(): ModelSettings {
  const { TOGETHER_MODELS, TOGETHER_DEFAULT_MODEL } = getEnv();
  const [first] = TOGETHER_MODELS;
  // The environment refuses an empty TOGETHER_MODELS, so this never throws.
  if (first === undefined) throw new Error("TOGETHER_MODELS lists no model");
  return { models: TOGETHER_MODELS, defaultModel: TOGETHER_DEFAULT_MODEL ?? first };
}

type StoredModelSettings = ModelSettings & { saved: boolean };

/** A stored document that no longer parses falls back to the environment's list. */
async function loadModelSettings(): Promise<StoredModelSettings> {
  const stored = await (await settingsDocs()).findOne({ _id: MODELS_ID }, { projection: { models: 1, defaultModel: 1 } });
  const parsed = stored && modelSettingsSchema.safeParse({ models: stored.models, defaultModel: stored.defaultModel });
  const settings = parsed?.success ? { ...parsed.data, saved: true } : { ...initialModelSettings(), saved: false };
  // Every reader on this process shares the one copy.
  Object.freeze(settings.models);
  return Object.freeze(settings);
}

/** This process's copy of the settings (process-cache.ts); exported so a test that writes the collection itself can drop it. */
export const cachedModelSettings = processCache("appSettings.models", loadModelSettings, MODEL_DOCS_CACHE_MS);

/**
 * The models on offer and the default, as an admin last saved them (or the
 * environment's), read through this process's copy: a change saved on this
 * instance holds here at once, on the others within MODEL_DOCS_CACHE_MS.
 */
export function readModelSettings(): Promise<StoredModelSettings> {
  return cachedModelSettings.read();
}

/** Replaces the models on offer (already parsed with modelSettingsSchema); `adminId` is kept with them. */
export async function writeModelSettings(settings: ModelSettings, adminId: string): Promise<void> {
  const doc = { models: settings.models, defaultModel: settings.defaultModel, updatedAt: new Date(), updatedBy: adminId };
  await (await settingsDocs()).replaceOne({ _id: MODELS_ID }, doc, { upsert: true });
  // After the write: a read that starts now gets the new list (one that ran before it is not kept).
  cachedModelSettings.forget();
}
