import "#server-only";
import { subject as asSubject } from "@casl/ability";
import { accessibleBy } from "@casl/mongoose";
import { Types, type FilterQuery, type PipelineStage, type UpdateQuery } from "mongoose";
import { connectToDatabase, streamingCursorOptions } from "@/lib/core/db";
import { HttpError } from "@/lib/http";
import type { AppAbility, ModelPolicy } from "@/models/policy";
import { bothFilters } from "./filters";
import { readsOrWritesElsewhere } from "./pipelines";
import { abilityFor, POLICIES } from "./policies";
import { fieldSetOf, projectionOf, type FieldSet } from "./projections";
import { ReadBatches } from "./read-batches";
import type { AccessAction, Actor } from "./shared";

/** A document as reads return it: without the fields its policy omits. */
export type Readable<Doc, Omitted extends keyof Doc> = Omit<Doc, Omitted> & { _id: Types.ObjectId };

interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
  /** Only these fields (omitted ones are dropped from the list); all readable ones by default. */
  select?: string[];
}

/** What `find` tells of the omitted fields it was asked about: whether each is set, never its value. */
type WhetherSet<Field extends PropertyKey> = [Field] extends [never] ? unknown : { isSet: Record<Field, boolean> };

/** The update operators the door understands (it must know which fields a write touches). */
type FieldUpdate = Pick<UpdateQuery<unknown>, "$set" | "$unset" | "$inc">;

/** The top-level fields an update touches: `preferences.notices.newSignIn` is a change to `preferences`. */
function changedFields(update: FieldUpdate): string[] {
  const paths = [update.$set, update.$unset, update.$inc].flatMap((part) => Object.keys(part ?? {}));
  return [...new Set(paths.map((path) => path.split(".", 1)[0] ?? path))];
}

/**
 * One model's documents as `ability` allows them. Every call adds the
 * policy's filter for its action to the caller's filter (so a query can only
 * ever see or touch what the actor may), checks each written field against
 * the policy, re-reads after a write, and leaves omitted fields out of
 * every read. A denied read finds nothing; a denied write throws
 * 403 FORBIDDEN.
 */
class PolicyCollection<Doc, Omitted extends keyof Doc> {
  /** Reads of one document by `_id` in the same tick, sent as one query (read-batches.ts). */
  // Limit 1: an `_id` equality matches one document at most, and FerretDB (which scans even for an `_id`) then stops at it.
  private readonly batches = new ReadBatches<object>((where, fields) => this.send(where, fields, { limit: 1 }));

  constructor(
    private readonly ability: AppAbility,
    private readonly policy: ModelPolicy<Doc, Omitted>,
  ) {}

  /** The filter that limits `action` to what the actor may, or null when no rule allows it at all. */
  private accessFilter(action: AccessAction): FilterQuery<Doc> | null {
    if (!this.ability.can(action, this.policy.subject)) return null;
    return accessibleBy(this.ability, action).ofType(this.policy.subject);
  }

  private where(filter: FilterQuery<Doc>, action: AccessAction): FilterQuery<Doc> | null {
    const access = this.accessFilter(action);
    return access && bothFilters(filter, access);
  }

  /** `fields` as this model's Mongoose projection. */
  private projection(fields: FieldSet): string {
    return projectionOf(fields, this.policy.omit.map(String), (field) => this.policy.model.schema.path(field)?.options?.select === false);
  }

  private allows(action: AccessAction, doc: object, fields: string[]): boolean {
    const candidate = asSubject(this.policy.subject, { ...doc });
    return this.ability.can(action, candidate) && fields.every((field) => this.ability.can(action, candidate, field));
  }

  /**
   * The documents `where` matches, with `fields` (whole documents when null),
   * in the options' order and page: every read's one query. A read of one
   * document by `_id` joins the other reads of it made in the same tick, and
   * gets only its own fields from their one query.
   */
  private async query<Row>(where: FilterQuery<Doc>, fields: FieldSet | null, options: Omit<FindOptions, "select">): Promise<Row[]> {
    // The batch holds this model's documents as read; each reader's fields (checked above it) decide its Row.
    if (fields && !options.skip && readsOneById(where, fields)) return (await this.batches.read(where, fields)) as Row[];
    return this.send(where, fields, options);
  }

  private async send<Row>(where: FilterQuery<Doc>, fields: FieldSet | null, options: Omit<FindOptions, "select">): Promise<Row[]> {
    await connectToDatabase();
    const query = this.policy.model.find(where);
    if (fields !== null) query.select(this.projection(fields));
    if (options.sort) query.sort(options.sort);
    if (options.skip) query.skip(options.skip);
    if (options.limit !== undefined) query.limit(options.limit);
    return query.lean<Row[]>().exec();
  }

  /**
   * The readable documents `filter` matches. `whetherSet` names omitted fields
   * to learn only whether each is stored (and not null), as `isSet`, in the
   * same query: their values are read but dropped here, never returned (what a
   * `count` with `{ field: { $ne: null } }` would tell, without a second command).
   */
  async find<Field extends Omitted = never>(
    filter: FilterQuery<Doc>,
    options: FindOptions & { whetherSet?: Field[] } = {},
  ): Promise<(Readable<Doc, Omitted> & WhetherSet<NoInfer<Field>>)[]> {
    const where = this.where(filter, "read");
    if (!where) return [];
    const asked = (options.whetherSet ?? []).map(String);
    const rows = await this.query<Readable<Doc, Omitted> & Record<string, unknown>>(where, fieldSetOf(this.policy.omit.map(String), options.select, asked), options);
    if (asked.length === 0) return rows as (Readable<Doc, Omitted> & WhetherSet<Field>)[];
    // Typed by `Field`, built from its names: the one cast between a field list and a record of it.
    return rows.map((row) => ({ ...withoutFields(row, asked), isSet: Object.fromEntries(asked.map((field) => [field, row[field] != null])) as Record<Field, boolean> }));
  }

  async findOne<Field extends Omitted = never>(
    filter: FilterQuery<Doc>,
    options: Omit<FindOptions, "limit" | "skip"> & { whetherSet?: Field[] } = {},
  ): Promise<(Readable<Doc, Omitted> & WhetherSet<NoInfer<Field>>) | null> {
    const [found] = await this.find(filter, { ...options, limit: 1 });
    return found ?? null;
  }

  async count(filter: FilterQuery<Doc>): Promise<number> {
    const where = this.where(filter, "read");
    if (!where) return 0;
    await connectToDatabase();
    return this.policy.model.countDocuments(where).exec();
  }

  /**
   * Runs `pipeline` over the readable documents only, with omitted fields
   * removed before the first stage of the caller's. A leading `$match` is
   * merged with the policy's, so both can use an index. Stages that would
   * reach another collection ($lookup, $unionWith, $out, …) are refused, at
   * any depth ($facet, sub-pipelines).
   */
  async aggregate<Row>(pipeline: PipelineStage[]): Promise<Row[]> {
    if (pipeline.some(readsOrWritesElsewhere)) throw new Error("The data door runs no stage that reaches another collection");
    const [first, ...rest] = pipeline;
    const leadingMatch = first && "$match" in first ? first.$match : {};
    const where = this.where(leadingMatch, "read");
    if (!where) return [];
    await connectToDatabase();
    const omitted = this.policy.omit.map(String);
    const strip: PipelineStage[] = omitted.length > 0 ? [{ $project: Object.fromEntries(omitted.map((field) => [field, 0])) }] : [];
    const stages = first && "$match" in first ? rest : pipeline;
    return this.policy.model.aggregate<Row>([{ $match: where }, ...strip, ...stages]).exec();
  }

  /**
   * Reads omitted fields for the server's own use (`reveal`: compare a hash,
   * mask a key, show history text) or to send them on (`use`), from the
   * documents the actor can read. 403 FORBIDDEN when the actor may see one
   * of them but not `action` it, or may never `action` these fields at all
   * (so a refusal never passes for an empty result).
   */
  async reveal<Field extends Omitted>(
    filter: FilterQuery<Doc>,
    fields: Field[],
    options: Omit<FindOptions, "select"> & { action?: "reveal" | "use" } = {},
  ): Promise<(Readable<Doc, Omitted> & Pick<Doc, Field>)[]> {
    const action = options.action ?? "reveal";
    const where = this.where(filter, "read");
    if (!where) return [];
    const { names, wanted, otherOmitted } = this.revealed(fields, action);
    const docs = await this.query<Readable<Doc, Omitted> & Pick<Doc, Field>>(where, wanted, options);
    if (!docs.every((doc) => this.allows(action, doc, names))) throw HttpError.forbidden();
    return docs.map((doc) => withoutFields(doc, otherOmitted));
  }

  /**
   * What revealing `fields` reads, once the actor may `action` them at all
   * (else 403): their names, the fields read (every readable one and them),
   * and the other omitted fields, which never come back.
   */
  private revealed(fields: Omitted[], action: "reveal" | "use") {
    const names = fields.map(String);
    if (!names.every((field) => this.ability.can(action, this.policy.subject, field))) throw HttpError.forbidden();
    const asked = new Set<Omitted>(fields);
    const otherOmitted = this.policy.omit.filter((field) => !asked.has(field)).map(String);
    return { names, wanted: { allBut: otherOmitted }, otherOmitted };
  }

  /**
   * `reveal` one document at a time from a database cursor, for reads too
   * long to hold in memory (a whole history into a download): the same
   * checks, per document; the cursor closes when the caller stops early.
   */
  async *revealEach<Field extends Omitted>(
    filter: FilterQuery<Doc>,
    fields: Field[],
    options: { sort?: Record<string, 1 | -1>; batchSize?: number } = {},
  ): AsyncGenerator<Readable<Doc, Omitted> & Pick<Doc, Field>> {
    const where = this.where(filter, "read");
    if (!where) return;
    const { names, wanted, otherOmitted } = this.revealed(fields, "reveal");
    await connectToDatabase();
    const query = this.policy.model.find(where).select(this.projection(wanted));
    if (options.sort) query.sort(options.sort);
    const cursor = query.lean<(Readable<Doc, Omitted> & Pick<Doc, Field>)[]>().cursor({ batchSize: options.batchSize ?? 100, ...streamingCursorOptions() });
    try {
      for await (const doc of cursor) {
        if (!this.allows("reveal", doc, names)) throw HttpError.forbidden();
        yield withoutFields(doc, otherOmitted);
      }
    } finally {
      await cursor.close();
    }
  }

  /**
   * The documents `filter` matches that the actor can see, after checking the
   * actor may do `action` (touching `fields`) to every one of them: null when
   * none is visible (so "not found"), 403 when one is visible but not theirs to change.
   */
  private async writeTargets(filter: FilterQuery<Doc>, action: AccessAction, fields: string[], many: boolean): Promise<Types.ObjectId[] | null> {
    const where = this.where(filter, "read");
    if (!where) return null;
    // Whole documents: the policy's conditions may be on any of their fields.
    const targets = await this.query<{ _id: Types.ObjectId }>(where, null, many ? {} : { limit: 1 });
    if (targets.length === 0) return null;
    if (!targets.every((target) => this.allows(action, target, fields))) throw HttpError.forbidden();
    return targets.map((target) => target._id);
  }

  /** Ids narrowed by the action's own filter too, so a document changed meanwhile is left alone. */
  private targetFilter(ids: Types.ObjectId[], action: AccessAction): FilterQuery<Doc> {
    const where = this.where({ _id: { $in: ids } }, action);
    if (!where) throw HttpError.forbidden();
    return where;
  }

  /** Creates a document if every field given may be set; returns its id. */
  async create(doc: Partial<Doc>): Promise<Types.ObjectId> {
    if (!this.allows("create", doc, Object.keys(doc))) throw HttpError.forbidden();
    await connectToDatabase();
    const created = await this.policy.model.create(doc);
    // Every model here has the default ObjectId `_id`; Mongoose types it as `unknown` for a generic Doc.
    return created._id as Types.ObjectId;
  }

  /**
   * Updates the first matching document; returns it as now readable, or null
   * when the actor can see none, or it no longer matches `filter` by the time
   * of the write (the write is conditional on the caller's filter too).
   */
  async updateOne(filter: FilterQuery<Doc>, update: FieldUpdate): Promise<Readable<Doc, Omitted> | null> {
    const ids = await this.writeTargets(filter, "update", changedFields(update), false);
    if (!ids) return null;
    // The ids say which documents the filter chose; its other conditions (an IV, a state) hold again at the write, so a
    // conditional update by the caller stays conditional. A filter on `_id` alone stays the plain target filter.
    const target = this.targetFilter(ids, "update");
    const where = Object.keys(filter).some((field) => field !== "_id") ? bothFilters({ ...filter, _id: { $in: ids } }, target) : target;
    const result = await this.policy.model.updateOne(where, update, { runValidators: true }).exec();
    if (result.matchedCount === 0) return null;
    return this.findOne({ _id: ids[0] });
  }

  /** Updates every matching document (all or none: 403 if any may not be); returns how many changed. */
  async updateMany(filter: FilterQuery<Doc>, update: FieldUpdate): Promise<number> {
    const ids = await this.writeTargets(filter, "update", changedFields(update), true);
    if (!ids) return 0;
    const result = await this.policy.model.updateMany(this.targetFilter(ids, "update"), update, { runValidators: true }).exec();
    return result.modifiedCount;
  }

  /** Deletes the first matching document; false when the actor can see none. */
  async deleteOne(filter: FilterQuery<Doc>): Promise<boolean> {
    const ids = await this.writeTargets(filter, "delete", [], false);
    if (!ids) return false;
    const result = await this.policy.model.deleteOne(this.targetFilter(ids, "delete")).exec();
    return result.deletedCount === 1;
  }

  /** Deletes every matching document (all or none); returns how many went. */
  async deleteMany(filter: FilterQuery<Doc>): Promise<number> {
    const ids = await this.writeTargets(filter, "delete", [], true);
    if (!ids) return 0;
    const result = await this.policy.model.deleteMany(this.targetFilter(ids, "delete")).exec();
    return result.deletedCount;
  }
}

/**
 * Whether a read is of one document by its `_id` (an equality, so at most one
 * matches whatever the limit or order) and of top-level fields only: the reads
 * a batch can serve from one query.
 */
function readsOneById(where: object, fields: FieldSet): where is { _id: string | Types.ObjectId } {
  const id: unknown = "_id" in where ? where._id : undefined;
  const names = "only" in fields ? fields.only : fields.allBut;
  return (typeof id === "string" || id instanceof Types.ObjectId) && names.every((field) => !field.includes("."));
}

/** `doc` without `fields` (omitted ones, which its type already leaves out: hence the cast). */
function withoutFields<T extends object>(doc: T, fields: string[]): T {
  if (fields.length === 0) return doc;
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !fields.includes(key))) as T;
}

type Policies = typeof POLICIES;
type CollectionOf<P> = P extends ModelPolicy<infer Doc, infer Omitted> ? PolicyCollection<Doc, Omitted> : never;

/** Data access for one actor: each model's documents as its policy allows them. */
export type DataAccess = { readonly actor: Actor } & { readonly [Name in keyof Policies]: CollectionOf<Policies[Name]> };

/**
 * The one door to user data (ZenStack's `enhance(prisma, { user })`, with
 * CASL): every route that serves a person's data reads and writes through
 * what this returns, so no route can forget a check.
 */
export function forUser(actor: Actor): DataAccess {
  const ability = abilityFor(actor);
  const collection = <Doc, Omitted extends keyof Doc>(policy: ModelPolicy<Doc, Omitted>) => new PolicyCollection(ability, policy);
  // One collection per entry of POLICIES: DataAccess is typed from that list, so an entry left out here does not compile.
  return {
    actor,
    users: collection(POLICIES.users),
    deviceSessions: collection(POLICIES.deviceSessions),
    generations: collection(POLICIES.generations),
    authEvents: collection(POLICIES.authEvents),
    accounts: collection(POLICIES.accounts),
    verificationTokens: collection(POLICIES.verificationTokens),
    avatars: collection(POLICIES.avatars),
    conversations: collection(POLICIES.conversations),
  };
}
