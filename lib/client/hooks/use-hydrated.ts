import "client-only";
import { useSyncExternalStore } from "react";

const neverChanges = () => () => {};

/**
 * False in the server's HTML and until React has hydrated, then true: for
 * controls that only work with JavaScript, so a browser without it is not
 * shown a button that does nothing.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    neverChanges,
    () => true,
    () => false,
  );
}
