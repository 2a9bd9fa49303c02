import "client-only";
import { useState } from "react";
import type { ApiError } from "../api-client";
import { isLinkProblem } from "../email-flows";
import { useFocusAfterRender } from "./use-focus-after-render";
import { useFormFeedback } from "./use-form-feedback";

/** What replaced a form that acted on an emailed link: what it did, or why the link cannot do it. */
type LinkActionOutcome<Result> = { done: true; result: Result } | { done: false; message: string };

/** The id the outcome is rendered with, so focus can move to it when it replaces the form. */
export const LINK_OUTCOME_ID = "link-outcome";

/**
 * A form that acts on an emailed link (reset a password, confirm or undo an
 * email change): the form's usual feedback, plus the outcome that replaces
 * it. A refusal retrying cannot fix (`endsTheLink`: by default a used-up or
 * expired link) becomes the outcome; anything else (offline, a limit, a
 * refused password) stays on the form, to correct and try again. Focus moves
 * to the outcome, so keyboard and screen-reader users are not left on <body>.
 */
export function useLinkAction<Result>(endsTheLink: (error: unknown) => error is ApiError = isLinkProblem) {
  const feedback = useFormFeedback();
  const [outcome, setOutcome] = useState<LinkActionOutcome<Result> | null>(null);
  const focusLater = useFocusAfterRender();

  async function run(action: () => Promise<Result>): Promise<void> {
    const ok = await feedback.submit(async () => {
      try {
        setOutcome({ done: true, result: await action() });
      } catch (error) {
        if (!endsTheLink(error)) throw error;
        setOutcome({ done: false, message: error.message });
      }
    });
    if (ok) focusLater(() => document.getElementById(LINK_OUTCOME_ID));
  }

  return { ...feedback, outcome, run };
}
