import "client-only";
import { useEffect, useRef } from "react";

interface RunFocusTargets {
  /** The id of the button that stops the run, shown while it runs. */
  stopId: string;
  /** The id of the region the answer streams into (focusable: tabIndex -1). */
  answerId: string;
}

/** The answer counts as on screen when this much of its top shows (its heading and progress line). */
const VISIBLE_TOP_PX = 48;

/** Nothing has focus: the control that had it was disabled or removed. */
function focusDropped(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body;
}

/** Scrolls the answer's top into view when it starts off screen (on a phone: below the form), smoothly unless motion is reduced. */
function revealIfOffScreen(answer: HTMLElement) {
  const { top } = answer.getBoundingClientRect();
  if (top >= 0 && top + VISIBLE_TOP_PX <= window.innerHeight) return;
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  answer.scrollIntoView({ block: "start", behavior: reduced ? "auto" : "smooth" });
}

/**
 * Keeps focus, and the eye, on a streamed run. When it starts from the
 * Generate button (which is disabled while it runs, so focus would fall to
 * the document), focus moves to Stop; when it ends and Stop goes away with
 * focus on it, focus moves to the answer. Focus elsewhere (the prompt, after
 * Ctrl+Enter) stays where it is. As it starts, the answer is scrolled into
 * view when it is off screen.
 */
export function useRunFocus(running: boolean, { stopId, answerId }: RunFocusTargets): void {
  const wasRunning = useRef(false);
  useEffect(() => {
    if (running === wasRunning.current) return;
    wasRunning.current = running;
    const active = document.activeElement;
    if (running) {
      const fromSubmit = active instanceof HTMLButtonElement && active.type === "submit";
      if (fromSubmit || focusDropped()) document.getElementById(stopId)?.focus({ preventScroll: true });
      const answer = document.getElementById(answerId);
      if (answer) revealIfOffScreen(answer);
    } else if (focusDropped()) {
      document.getElementById(answerId)?.focus({ preventScroll: true });
    }
  }, [running, stopId, answerId]);
}
