import { model, models, type Model, type Schema } from "mongoose";

/**
 * The model named `name`, registered with `schema` on first use. HMR-safe:
 * dev hot reload re-evaluates a model's module, and Mongoose refuses to
 * register one name twice, so a later evaluation takes the registered model.
 */
export function registeredModel<T>(name: string, schema: Schema<T>): Model<T> {
  // Mongoose keeps every registered model untyped; `name` is only ever registered here, with this schema.
  return (models[name] as Model<T> | undefined) ?? model<T>(name, schema);
}
