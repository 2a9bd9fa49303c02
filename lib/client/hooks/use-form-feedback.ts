import "client-only";
import { useRef, useState } from "react";
import type { FieldErrors } from "@/lib/http/shared";
import { ApiError } from "../api-client";
import { firstInvalidField } from "../forms";
import { errorMessage } from "../error-message";
import { useFocusAfterRender } from "./use-focus-after-render";

function submitButton(form: HTMLFormElement | null): HTMLElement | null {
  return form?.querySelector<HTMLElement>("button[type=submit]:enabled") ?? null;
}

/**
 * A form's feedback, the same in every form: field errors next to their
 * inputs, one message for the whole form, a pending flag, and focus where a
 * keyboard or screen-reader user needs it next (the first invalid input, else
 * the submit button, which was disabled while the request ran). The initial
 * errors are what the server rendered after a form post without JavaScript.
 */
export function useFormFeedback(initialError: string | null = null, initialFields: FieldErrors = {}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<FieldErrors>(initialFields);
  const [formError, setFormError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const focusAfterRender = useFocusAfterRender();

  /** Shows `next` field errors and/or a form message (field errors under "_" become the message). */
  function showErrors(next: FieldErrors, message: string | null = null): void {
    setFields(next);
    setFormError(message ?? next._?.join(" ") ?? null);
    focusAfterRender(() => firstInvalidField(formRef.current) ?? submitButton(formRef.current));
  }

  /** Gives focus back to the submit button once it is enabled again (after a success). */
  function focusSubmit(): void {
    focusAfterRender(() => submitButton(formRef.current));
  }

  /**
   * Runs `request` with the form pending and its old errors cleared. A thrown
   * ApiError's field errors (or its message, or a connection problem) are shown
   * on the form. Resolves whether the request succeeded.
   */
  async function submit(request: () => Promise<void>): Promise<boolean> {
    setPending(true);
    setFields({});
    setFormError(null);
    try {
      await request();
      return true;
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? error.fields : {};
      showErrors(fieldErrors, Object.keys(fieldErrors).length > 0 ? null : errorMessage(error));
      return false;
    } finally {
      setPending(false);
    }
  }

  /**
   * Drops the errors of fields that are valid now (`stillInvalid`: the
   * form's errors as they would be if it were sent), as the person types:
   * a fixed field stops saying it is wrong, and no new error appears before a submit.
   */
  function clearFixedFields(stillInvalid: FieldErrors): void {
    setFields((shown) => {
      const kept = Object.fromEntries(Object.entries(shown).filter(([name]) => stillInvalid[name]));
      return Object.keys(kept).length === Object.keys(shown).length ? shown : kept;
    });
  }

  return { formRef, fields, formError, pending, showErrors, focusSubmit, submit, clearFixedFields };
}
