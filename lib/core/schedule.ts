import "#server-only";

/**
 * Runs `callback` after `ms` and returns what cancels it. Code that waits
 * takes one (defaulting to a real timer), so a test fires the wait by hand
 * instead of sitting it out (__tests__/helpers/hand-driven-timers.ts).
 */
export type Schedule = (callback: () => void, ms: number) => () => void;

/** A real timer. */
export const realSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

/** A real timer that does not keep the process alive (work nobody waits for, like a mail's next retry). */
export const unrefSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};
