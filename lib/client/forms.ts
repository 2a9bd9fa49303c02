import "client-only";
import type { z } from "zod";
import { fieldErrorsFrom, type FieldErrors } from "@/lib/http/shared";

/** Validates form values with the schema the API uses; the same messages, before submit. */
export function validateForm<Schema extends z.ZodType>(
  schema: Schema,
  values: unknown,
): { data: z.infer<Schema>; fields: null } | { data: null; fields: FieldErrors } {
  const result = schema.safeParse(values);
  return result.success ? { data: result.data, fields: null } : { data: null, fields: fieldErrorsFrom(result.error) };
}

/** The first invalid input of `form`: where keyboard and screen-reader users should land after an error. */
export function firstInvalidField(form: HTMLFormElement | null): HTMLElement | null {
  return form?.querySelector<HTMLElement>("[aria-invalid='true']") ?? null;
}

/** Ctrl+Enter (Cmd+Enter on a Mac) in a text area: send the prompt, wherever it is typed. */
export function isSubmitShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.key === "Enter" && (event.ctrlKey || event.metaKey);
}
