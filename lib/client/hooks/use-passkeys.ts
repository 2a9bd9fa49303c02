import "client-only";
import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { PasskeyView } from "@/lib/two-factor/shared";
import { fetcher, sendJson } from "../api-client";
import { registerPasskey } from "../passkeys";
import { AUTH_EVENTS_URL } from "./use-auth-events";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/passkeys`, and the SWR key. */
const PASSKEYS_URL = ACCOUNT_READ_URLS.passkeys;

/**
 * The account's passkeys; `add`, `rename` and `remove` change them, then
 * re-read the list (and the security activity) whatever happened.
 */
export function usePasskeys() {
  const { data, error, mutate: reload } = useSWR<PasskeyView[], Error>(PASSKEYS_URL, fetcher<PasskeyView[]>);
  const { mutate } = useSWRConfig();

  const afterChange = useCallback(() => {
    void mutate(PASSKEYS_URL);
    void mutate(AUTH_EVENTS_URL);
  }, [mutate]);

  const add = useCallback((name: string) => registerPasskey(name).finally(afterChange), [afterChange]);
  const rename = useCallback(
    (id: string, name: string) => sendJson<PasskeyView>(`${PASSKEYS_URL}/${encodeURIComponent(id)}`, "PATCH", { name }).finally(afterChange),
    [afterChange],
  );
  const remove = useCallback((id: string) => sendJson<void>(`${PASSKEYS_URL}/${encodeURIComponent(id)}`, "DELETE").finally(afterChange), [afterChange]);

  return { passkeys: data, error, reload, add, rename, remove };
}
