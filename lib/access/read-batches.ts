import "#server-only";
import { BSON } from "mongodb";
import { onlyFields, union, type FieldSet } from "./projections";

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
 * its own request, and nothing is kept once it is answered. A door keeps one
 * per model, and doors are built per request and actor, so reads of
 * different people never meet.
 */
export class ReadBatches<Row extends object> {
  private readonly open = new Map<string, Waiting<Row>[]>();

  /** `send` runs one query for `where` with `fields`. */
  constructor(private readonly send: (where: object, fields: FieldSet) => Promise<Row[]>) {}

  /** The documents `where` (an `_id` equality, so at most one) matches, with `fields`. */
  read(where: { _id: unknown }, fields: FieldSet): Promise<Row[]> {
    // The id as text: Mongoose casts an id and its hex string alike, so reads naming it either way meet.
    const key = BSON.EJSON.stringify({ ...where, _id: String(where._id) }, { relaxed: false });
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
