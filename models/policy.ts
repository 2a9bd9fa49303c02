import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility, type MongoQuery } from "@casl/ability";
import type { Model } from "mongoose";
import type { AccessAction, Actor, PolicySubject } from "@/lib/access/shared";

/**
 * How a model declares who may do what to its documents, with CASL: rules
 * become MongoDB filters (`accessibleBy`) and field lists (`permittedFieldsOf`).
 * Anything no rule allows is denied.
 */
export type AppAbility = MongoAbility<[AccessAction, PolicySubject | ForcedSubject<PolicySubject>], MongoQuery>;
export type PolicyBuilder = AbilityBuilder<AppAbility>;

export interface ModelPolicy<Doc, Omitted extends keyof Doc = never> {
  subject: PolicySubject;
  model: Model<Doc>;
  /** Fields no read returns, to anyone (ZenStack's `@omit`): only `reveal` reads them, on the server. */
  omit: readonly Omitted[];
  /** Adds this model's rules for `actor` (null: anonymous). */
  rules(builder: PolicyBuilder, actor: Actor): void;
}

/** Declares a model's policy (typed against its document, so a field name cannot be misspelt in `omit`). */
export function definePolicy<Doc, Omitted extends keyof Doc = never>(policy: ModelPolicy<Doc, Omitted>): ModelPolicy<Doc, Omitted> {
  return policy;
}

/** A new, empty rule builder: the policies add to it, `build()` makes the ability. */
export function policyBuilder(): PolicyBuilder {
  return new AbilityBuilder<AppAbility>(createMongoAbility);
}
