import "client-only";
import { useCallback, useEffect, useRef } from "react";

type FindTarget = () => HTMLElement | null | undefined;

/**
 * Moves focus to an element that only exists (or is only enabled) after the
 * next render: the input that "Replace" reveals, the button that comes back
 * after "Cancel", a submit button re-enabled after its request. Keyboard and
 * screen-reader users stay where the action happened instead of on <body>.
 *
 * Call the returned function with a finder, then change state; the finder runs
 * after each commit until the element it returns has taken focus.
 */
export function useFocusAfterRender(): (find: FindTarget) => void {
  const pending = useRef<FindTarget | null>(null);

  useEffect(() => {
    const target = pending.current?.();
    if (!target) return;
    target.focus();
    if (document.activeElement === target) pending.current = null;
  });

  return useCallback((find: FindTarget) => {
    pending.current = find;
  }, []);
}
