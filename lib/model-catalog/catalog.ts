import "#server-only";
import { z } from "zod";
import { collections } from "@/lib/core/collections";
import { getDb } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { registerIndexes } from "@/lib/core/indexes";
import { log } from "@/lib/core/log";
import { classifyProviderError, togetherClient } from "@/lib/together";
import { MODEL_DOCS_CACHE_MS, processCache } from "./process-cache";
import type { ModelInfo } from "./shared";

// Reads are by `_id` (the provider); this index only lets an operator find stale copies.
registerIndexes({ collection: collections.modelCatalog, key: { fetchedAt: 1 } });

/** The vault's provider id: the catalog is kept per provider. */
const PROVIDER = "togetherAI";
/** How long a fetched list is served before the next reader with a key fetches it again. */
export const CATALOG_FRESH_MS = 60 * 60 * 1000;
/** After a failed fetch, readers serve what is stored for this long before one tries again. */
export const CATALOG_RETRY_MS = 60 * 1000;
/** Together lists a few hundred models; more than this is not a model list. */
const MAX_MODELS = 5000;

interface StoredCatalog {
  /** The provider's models: global, never anything of the user whose key fetched them (see parseModelList). */
  models: readonly ModelInfo[];
  /** When `models` was fetched; null until a fetch succeeds. */
  fetchedAt: Date | null;
  /** The last failed fetch, so readers do not retry at once. */
  failedAt: Date | null;
}

interface CatalogDoc extends StoredCatalog {
  _id: string;
}

const positive = z.number().finite().positive();
const price = z.number().finite().nonnegative();

/** One entry of Together's `GET /v1/models`; each field is read on its own, so one odd field drops only itself. */
const upstreamModel = z.object({
  id: z.string().trim().min(1).max(200),
  display_name: z.string().trim().min(1).max(200).optional().catch(undefined),
  context_length: positive.int().optional().catch(undefined),
  pricing: z.object({ input: price, output: price }).optional().catch(undefined),
});

/** Together answers a bare array; other OpenAI-compatible endpoints wrap it in `data`. */
function entriesOf(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer;
  const wrapped = z.object({ data: z.array(z.unknown()) }).safeParse(answer);
  return wrapped.success ? wrapped.data.data : [];
}

/**
 * The provider's list as ModelInfo. Together prices models it only runs on
 * dedicated hardware at 0/0, so a zero price for both is "unknown", not free.
 */
function parseModelList(answer: unknown): ModelInfo[] {
  const models = new Map<string, ModelInfo>();
  for (const entry of entriesOf(answer).slice(0, MAX_MODELS)) {
    const parsed = upstreamModel.safeParse(entry);
    if (!parsed.success || models.has(parsed.data.id)) continue;
    const { id, display_name, context_length, pricing } = parsed.data;
    const priced = pricing && (pricing.input > 0 || pricing.output > 0);
    models.set(id, {
      id,
      name: display_name ?? id,
      contextLength: context_length ?? null,
      pricing: priced ? { inputPerMillion: pricing.input, outputPerMillion: pricing.output } : null,
    });
  }
  return [...models.values()];
}

async function catalogDocs() {
  return (await getDb()).collection<CatalogDoc>(collections.modelCatalog);
}

async function loadStoredCatalog(): Promise<StoredCatalog | null> {
  const stored = await (await catalogDocs()).findOne({ _id: PROVIDER }, { projection: { models: 1, fetchedAt: 1, failedAt: 1 } });
  return stored && { models: stored.models, fetchedAt: stored.fetchedAt, failedAt: stored.failedAt };
}

/**
 * This process's copy of the stored catalog (process-cache.ts): a fetch here
 * replaces it at once, one on another instance shows within
 * MODEL_DOCS_CACHE_MS. Exported so a test that writes the collection itself can drop it.
 */
export const cachedCatalog = processCache("modelCatalog.togetherAI", loadStoredCatalog, MODEL_DOCS_CACHE_MS);

async function fetchAndStore(apiKey: string, now: Date, kept: StoredCatalog | null): Promise<ModelInfo[] | null> {
  const docs = await catalogDocs();
  try {
    const answer: unknown = await togetherClient(apiKey, getEnv().TOGETHER_KEY_CHECK_TIMEOUT_MS).models.list();
    const models = parseModelList(answer);
    // Two readers fetching at once both write the same list: the last one wins, harmlessly.
    await docs.replaceOne({ _id: PROVIDER }, { models, fetchedAt: now, failedAt: null }, { upsert: true });
    cachedCatalog.set({ models, fetchedAt: now, failedAt: null });
    return models;
  } catch (error) {
    // The failure's kind only: never the key, never the provider's message.
    log.warn("model_catalog.fetch_failed", { kind: classifyProviderError(error).kind });
    await docs.updateOne({ _id: PROVIDER }, { $set: { failedAt: now }, $setOnInsert: { models: [], fetchedAt: null } }, { upsert: true });
    cachedCatalog.set({ models: kept?.models ?? [], fetchedAt: kept?.fetchedAt ?? null, failedAt: now });
    return null;
  }
}

/**
 * The provider's models: the stored copy while it is under an hour old;
 * otherwise fetched again with `apiKey` (the caller's own key), unless a
 * fetch failed in the last minute or there is no key, when the stale copy
 * (or null) is served. Several instances share the copy in MongoDB; each
 * reads it through its process cache. Never throws.
 */
export async function readCatalog(apiKey: string | null): Promise<readonly ModelInfo[] | null> {
  try {
    const now = new Date();
    const stored = await cachedCatalog.read();
    const fresh = stored?.fetchedAt && now.getTime() - stored.fetchedAt.getTime() < CATALOG_FRESH_MS;
    const failedRecently = stored?.failedAt && now.getTime() - stored.failedAt.getTime() < CATALOG_RETRY_MS;
    const kept = stored?.fetchedAt ? stored.models : null;
    if (fresh || failedRecently || !apiKey) return kept;
    return (await fetchAndStore(apiKey, now, stored)) ?? kept;
  } catch (error) {
    log.warn("model_catalog.read_failed", { error: error instanceof Error ? error.name : "unknown" });
    return null;
  }
}

/** When the stored copy was fetched, or null when there is none. */
export async function catalogFetchedAt(): Promise<Date | null> {
  try {
    return (await cachedCatalog.read())?.fetchedAt ?? null;
  } catch {
    return null;
  }
}
