import "#server-only";
import { isDeepStrictEqual } from "node:util";
import { Types, type FilterQuery } from "mongoose";

/**
 * A filter matching what both match, as plain as it can be: CASL's
 * `{ $or: [{ _id: me }] }` and a caller's `{ _id: me }` make `{ _id: me }`,
 * not `{ $and: [...] }`. Same result either way; a plain equality is what
 * servers plan best (FerretDB pushes only such filters down to SQL, and
 * scanned every user for the `$and` form).
 */
export function bothFilters<Doc>(filter: FilterQuery<Doc>, access: FilterQuery<Doc>): FilterQuery<Doc> {
  const branches = access.$or;
  const onlyBranch: FilterQuery<Doc> | undefined = Object.keys(access).length === 1 && branches?.length === 1 ? branches[0] : undefined;
  const accessClause = onlyBranch ?? access;
  const merged: Record<string, unknown> = { ...filter };
  for (const [field, condition] of Object.entries(accessClause)) {
    if (!(field in merged)) merged[field] = condition;
    else if (!sameCondition(merged[field], condition)) return { $and: [filter, access] };
  }
  return merged;
}

/** Whether two conditions on a field match the same values: an id as a string and as an ObjectId do (Mongoose casts one to the other). */
function sameCondition(a: unknown, b: unknown): boolean {
  if (a instanceof Types.ObjectId || b instanceof Types.ObjectId) return String(a) === String(b);
  return isDeepStrictEqual(a, b);
}
