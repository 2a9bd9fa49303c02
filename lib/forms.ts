import type { z } from "zod";
import { fieldErrorsFrom, type FieldErrors } from "@/lib/api/errors";

/** Validates form values with the schema the API uses; the same messages, before submit. */
export function validateForm<Schema extends z.ZodType>(
  schema: Schema,
  values: unknown,
): { data: z.infer<Schema>; fields: null } | { data: null; fields: FieldErrors } {
  const result = schema.safeParse(values);
  return result.success ? { data: result.data, fields: null } : { data: null, fields: fieldErrorsFrom(result.error) };
}

/** Moves focus to the first invalid input of `form`, so keyboard and screen-reader users land on it. */
export function focusFirstError(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
}
