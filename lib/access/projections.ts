import "#server-only";

/**
 * Which fields a read through the data door returns, as a value the door can
 * merge (two reads of one document sent as one query, read-batches.ts),
 * apply to a document, and turn into a Mongoose projection.
 */

/** Which fields one read returns: only these (and `_id`), or every field but these. */
export type FieldSet = { only: string[] } | { allBut: string[] };

/** The fields either of two reads returns. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  if ("only" in a) return "only" in b ? { only: [...new Set([...a.only, ...b.only])] } : { allBut: b.allBut.filter((field) => !a.only.includes(field)) };
  return "only" in b ? { allBut: a.allBut.filter((field) => !b.only.includes(field)) } : { allBut: a.allBut.filter((field) => b.allBut.includes(field)) };
}

/** A copy of a lean document's plain parts (objects, arrays, dates): the same shape rebuilt, hence the casts. */
function copyOf<T>(value: T): T {
  if (value instanceof Date) return new Date(value) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, copyOf(field)])) as T;
}

/**
 * `row` with only the fields `fields` names: what the read would have got from
 * a query of its own. `shared` (other reads got the same row) copies it, so no
 * reader can change what another got.
 */
export function onlyFields<Row extends object>(row: Row, fields: FieldSet, shared: boolean): Row {
  const kept = Object.entries(row).filter(([key]) => ("only" in fields ? key === "_id" || fields.only.includes(key) : !fields.allBut.includes(key)));
  // The same document with fewer fields: each reader's type already leaves out what it did not ask for.
  const own = Object.fromEntries(kept) as Row;
  return shared ? copyOf(own) : own;
}

/**
 * The fields a read returns: not the `omitted` ones (and, when `select` names
 * fields, only those), but the omitted `forWhetherSet` ones, read only to be
 * dropped by the door's `find`.
 */
export function fieldSetOf(omitted: string[], select?: string[], forWhetherSet: string[] = []): FieldSet {
  // A field named with Mongoose's "+" (force-select) or "-" prefix is still that field.
  if (select) return { only: [...select.map((field) => field.replace(/^[+-]/, "")).filter((field) => !omitted.includes(field)), ...forWhetherSet] };
  return { allBut: omitted.filter((field) => !forWhetherSet.includes(field)) };
}

/**
 * `fields` as a Mongoose projection. An omitted field that is wanted is
 * forced in ("+"), as the schema may hide it by default; beside exclusions,
 * only a field the schema hides is (Mongoose makes any other "+" an inclusion).
 */
export function projectionOf(fields: FieldSet, omitted: string[], hiddenBySchema: (field: string) => boolean): string {
  if ("only" in fields) return fields.only.map((field) => (omitted.includes(field) ? `+${field}` : field)).join(" ") || "_id";
  const hidden = omitted.filter((field) => !fields.allBut.includes(field) && hiddenBySchema(field));
  return [...fields.allBut.map((field) => `-${field}`), ...hidden.map((field) => `+${field}`)].join(" ");
}
