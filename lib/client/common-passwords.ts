import "client-only";
import { useCallback, useState } from "react";
import { commonPasswordCheck } from "@/lib/passwords/shared";

/**
 * The common-password list in the browser, for the strength meter: the same
 * list and check the server applies, but ~380 kB, so it is fetched as its own
 * chunk the first time someone focuses or types in a new-password field,
 * never with the page.
 */

type CommonPasswordCheck = (password: string) => boolean;

let loaded: CommonPasswordCheck | undefined;
let loading: Promise<CommonPasswordCheck> | undefined;

/** Fetches the list once per page; a failed fetch is tried again next time. */
function loadCommonPasswordCheck(): Promise<CommonPasswordCheck> {
  loading ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => (loaded = commonPasswordCheck(dictionary["passwords-common"])),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The common-password check for a meter: undefined until `load` (call it on
 * the field's focus and input) has fetched the list. The meter works without
 * it meanwhile, and the server checks the list on submit anyway.
 */
export function useCommonPasswordCheck(): { isCommon: CommonPasswordCheck | undefined; load: () => void } {
  const [isCommon, setIsCommon] = useState(() => loaded);
  const load = useCallback(() => {
    loadCommonPasswordCheck().then(
      (check) => setIsCommon(() => check),
      () => {
        // Offline or a failed chunk: the meter goes on without the list.
      },
    );
  }, []);
  return { isCommon, load };
}
