import "#server-only";

/** Stages that read another collection (past its policy) or write one: never run through the door. */
const CROSS_COLLECTION_STAGES = new Set(["$lookup", "$graphLookup", "$unionWith", "$out", "$merge"]);

/**
 * Whether such a stage appears anywhere in `value`: at the top, or nested in
 * a `$facet` branch or another stage's sub-pipeline. Every key is searched,
 * not just the known sub-pipeline places, so a new nesting is refused too.
 */
export function readsOrWritesElsewhere(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(readsOrWritesElsewhere);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, nested]) => CROSS_COLLECTION_STAGES.has(key) || readsOrWritesElsewhere(nested));
}
