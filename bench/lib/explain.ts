import { ObjectId, type Db, type Document } from "mongodb";
import type { CapturedCommand } from "./commands";

/**
 * `explain` (queryPlanner: nothing is executed) of every distinct query the
 * measured routes and the sign-in sent, with the filter they really used, and whether the server
 * would use an index. MongoDB answers with a winning plan of stages
 * (IXSCAN, IDHACK, EXPRESS_IXSCAN … or COLLSCAN); FerretDB v1 answers with
 * SQLite's query plan (`queryPlanner.Plan`: "SCAN <table>" or "SEARCH … USING
 * INDEX …") and whether it pushed the filter down to SQL (`filterPushdown`).
 */

export type IndexUse = "index" | "collection scan" | "unknown";

export interface ExplainedQuery {
  /** The command as sent: find, aggregate, update, delete, findAndModify, count, distinct. */
  command: string;
  collection: string;
  /** The filter's shape: operators and field names, values replaced by their types. */
  filter: string;
  /** The server's own words about the plan, shortened. */
  plan: string;
  use: IndexUse;
  /**
   * An index on the collection (as the server lists it) that starts with a
   * field the filter constrains: what MongoDB would plan with. Null when none.
   */
  indexFor: string | null;
  /** The requests that sent it (routes, sign-in …), in the order first seen. */
  sources: string[];
}

/** Per command, the fields explain accepts (session fields, $db and write concerns are dropped). */
const EXPLAINABLE: Record<string, string[]> = {
  find: ["find", "filter", "sort", "projection", "limit", "skip", "hint", "collation"],
  count: ["count", "query", "limit", "skip", "hint"],
  distinct: ["distinct", "key", "query"],
  aggregate: ["aggregate", "pipeline", "hint"],
  findAndModify: ["findAndModify", "query", "sort", "update", "remove", "new", "upsert", "fields", "arrayFilters"],
  update: ["update"],
  delete: ["delete"],
};

function pick(command: Document, keys: string[]): Document {
  return Object.fromEntries(keys.filter((key) => command[key] !== undefined).map((key) => [key, command[key]]));
}

/** One explainable command per statement (a write batch is explained one statement at a time), with its filter. */
function statements(captured: CapturedCommand): { explain: Document; filter: unknown }[] {
  const { commandName, command } = captured;
  const keys = EXPLAINABLE[commandName];
  if (!keys) return [];
  const base = pick(command, keys);
  if (commandName === "update" || commandName === "delete") {
    const list: unknown = command[commandName === "update" ? "updates" : "deletes"];
    return (Array.isArray(list) ? list : []).map((statement: Document) => ({
      explain: { ...base, [commandName === "update" ? "updates" : "deletes"]: [statement] },
      filter: statement.q,
    }));
  }
  if (commandName === "aggregate") {
    const pipeline: unknown = command.pipeline;
    const match = Array.isArray(pipeline) ? pipeline.find((stage: Document) => "$match" in stage) : undefined;
    return [{ explain: { ...base, cursor: {} }, filter: match?.$match ?? {} }];
  }
  return [{ explain: base, filter: command.filter ?? command.query ?? {} }];
}

/** `{ email: "a@b" }` → `{"email":"<string>"}`: what makes two queries the same query. */
function filterShape(value: unknown): unknown {
  if (value instanceof ObjectId) return "<ObjectId>";
  if (value instanceof Date) return "<Date>";
  // An `$in` of 3 ids and one of 20 are the same query: an array's shape is its distinct element shapes.
  if (Array.isArray(value)) return [...new Map(value.map((item) => { const shape = filterShape(item); return [JSON.stringify(shape), shape]; })).values()];
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, filterShape(inner)]));
  }
  return `<${typeof value}>`;
}

/** Every `stage` (and `indexName`) under the winning plans of a MongoDB explain. */
function winningStages(node: unknown, underWinningPlan = false, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) winningStages(item, underWinningPlan, found);
  } else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "rejectedPlans") continue;
      const inside = underWinningPlan || key === "winningPlan";
      if (inside && key === "stage" && typeof value === "string") found.push(value);
      if (inside && key === "indexName" && typeof value === "string") found.push(`(${value})`);
      winningStages(value, inside, found);
    }
  }
  return found;
}

/** Reads an explain answer from MongoDB or FerretDB. */
function classifyExplain(result: Document): { plan: string; use: IndexUse } {
  const sqlitePlan: unknown = result.queryPlanner?.Plan;
  if (Array.isArray(sqlitePlan)) {
    const lines = sqlitePlan.map((line) => String(line).replace(/^id=\d+ parent=\d+ notused=\d+ detail=/, ""));
    const plan = `filterPushdown: ${String(result.filterPushdown)}; ${lines.join(" | ")}`;
    if (lines.some((line) => /USING (COVERING )?INDEX|USING (INTEGER )?PRIMARY KEY/.test(line))) return { plan, use: "index" };
    if (lines.some((line) => /\bSCAN\b/.test(line))) return { plan, use: "collection scan" };
    return { plan, use: "unknown" };
  }
  const stages = winningStages(result);
  const plan = stages.join(" → ") || JSON.stringify(result).slice(0, 200);
  if (stages.includes("COLLSCAN")) return { plan, use: "collection scan" };
  if (stages.some((stage) => /IXSCAN|IDHACK|^EXPRESS_|COUNT_SCAN|DISTINCT_SCAN/.test(stage))) return { plan, use: "index" };
  return { plan, use: "unknown" };
}

const EXPLAIN_TIMEOUT_MS = 20_000;

/** The fields a filter constrains at its top level (and in each clause of a top-level `$and`). */
function constrainedFields(filter: unknown): Set<string> {
  const fields = new Set<string>();
  if (typeof filter !== "object" || filter === null) return fields;
  for (const [key, value] of Object.entries(filter)) {
    if (key === "$and" && Array.isArray(value)) for (const clause of value) for (const field of constrainedFields(clause)) fields.add(field);
    else if (!key.startsWith("$")) fields.add(key);
  }
  return fields;
}

/** The collection's index with the longest run of leading fields the filter constrains (none when its first is not). */
async function indexFor(db: Db, collection: string, filter: unknown): Promise<string | null> {
  const fields = constrainedFields(filter);
  const indexes = await db.collection(collection).indexes().catch(() => []);
  const prefixLength = (key: Record<string, unknown>) => {
    const names = Object.keys(key);
    const firstUnconstrained = names.findIndex((name) => !fields.has(name));
    return firstUnconstrained === -1 ? names.length : firstUnconstrained;
  };
  const best = indexes
    .map((index) => ({ name: index.name ?? null, length: prefixLength(index.key) }))
    .filter((index) => index.length > 0)
    .sort((a, b) => b.length - a.length)[0];
  return best?.name ?? null;
}

/** Explains each distinct query in `captured` against `db` (the bench database). */
export async function explainQueries(db: Db, captured: CapturedCommand[]): Promise<ExplainedQuery[]> {
  const seen = new Map<string, { explain: Document; filter: unknown; query: Omit<ExplainedQuery, "plan" | "use" | "indexFor"> }>();
  for (const entry of captured) {
    for (const { explain, filter } of statements(entry)) {
      const collection = String(entry.command[entry.commandName]);
      const shape = JSON.stringify(filterShape(filter));
      const key = `${entry.commandName} ${collection} ${shape}`;
      const known = seen.get(key) ?? { explain, filter, query: { command: entry.commandName, collection, filter: shape, sources: [] } };
      if (entry.source && !known.query.sources.includes(entry.source)) known.query.sources.push(entry.source);
      seen.set(key, known);
    }
  }
  const explained: ExplainedQuery[] = [];
  for (const { explain, filter, query } of seen.values()) {
    const index = await indexFor(db, query.collection, filter);
    try {
      const result = await db.command({ explain, verbosity: "queryPlanner" }, { timeoutMS: EXPLAIN_TIMEOUT_MS });
      explained.push({ ...query, ...classifyExplain(result), indexFor: index });
    } catch (error) {
      const plan = `explain failed: ${error instanceof Error ? error.message : String(error)}`;
      explained.push({ ...query, plan, use: "unknown", indexFor: index });
    }
  }
  return explained;
}
