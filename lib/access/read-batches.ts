import "#server-only";
import { BSON } from "mongodb";

/** Which fields one read returns: only these (and `_id`), or every field but these. */
export type FieldSet = { only: string[] } | { allBut: string[] };

/** The fields either of two reads returns. */
function union(a: FieldSet, b: FieldSet): FieldSet {
  if ("only" in a) return "only" in b ? { only: [...new Set([...a.only, ...b.only])] } : { allBut: b.allBut.filter((field) => !a.only.includes(field)) };
  return "only" in b ? { allBut: a.allBut.filter((field) => !b.only.includes(field)) } : { allBut: a.allBut.filter((field) => b.allBut.includes(field)) };
}

/** A copy of a lean document's plain parts (objects, arrays, dates), so no reader can change what another got. */
function copyOf<T>(value: T): T {
  if (value instanceof Date) return new Date(value) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, copyOf(field)])) as T;
}

/** `row` with only the fields `fields` names: what the read would have got from a query of its own. */
function onlyFields<Row extends object>(row: Row, fields: FieldSet, shared: boolean): Row {
  const kept = Object.entries(row).filter(([key]) => ("only" in fields ? key === "_id" || fields.only.includes(key) : !fields.allBut.includes(key)));
  // The same document with fewer fields: each reader's type already leaves out what it did not ask for.
  const own = Object.fromEntries(kept) as Row;
  return shared ? copyOf(own) : own;
}

interface Waiting<Row> {
  fields: FieldSet;
  resolve: (rows: Row[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads of one document by its `_id` asked for in the same tick (a page's
 * parallel reads, each a feature's own read of the same user) go out as one
 * query for the union of their fields, and each reader gets only its own:
 * DataLoader's batching, without its cache. A batch is sent once the reads
 * started in this tick have joined it, so no read sees a value older than
 * its own request, and nothing is kept once it is answered. The door keeps one
 * of these per actor and model, so reads of different people never meet.
 */
export class ReadBatches<Row extends object> {
  private readonly open = new Map<string, Waiting<Row>[]>();

  /** `send` runs one query for `where` with `fields`. */
  constructor(private readonly send: (where: object, fields: FieldSet) => Promise<Row[]>) {}

  /** The documents `where` (an `_id` equality, so at most one) matches, with `fields`. */
  read(where: object, fields: FieldSet): Promise<Row[]> {
    const key = BSON.EJSON.stringify(where, { relaxed: false });
    return new Promise<Row[]>((resolve, reject) => {
      const waiting = this.open.get(key);
      if (waiting) return void waiting.push({ fields, resolve, reject });
      this.open.set(key, [{ fields, resolve, reject }]);
      // After the promise jobs queued now (DataLoader's schedule): reads a few awaits behind still join.
      void Promise.resolve().then(() => process.nextTick(() => void this.dispatch(key, where)));
    });
  }

  private async dispatch(key: string, where: object): Promise<void> {
    const readers = this.open.get(key) ?? [];
    this.open.delete(key);
    const [first, ...rest] = readers.map((reader) => reader.fields);
    if (!first) return;
    try {
      const rows = await this.send(where, rest.reduce(union, first));
      for (const reader of readers) reader.resolve(rows.map((row) => onlyFields(row, reader.fields, readers.length > 1)));
    } catch (error) {
      for (const reader of readers) reader.reject(error);
    }
  }
}
