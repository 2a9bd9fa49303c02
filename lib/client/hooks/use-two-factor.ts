import "client-only";
import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import { fetcher, sendJson } from "../api-client";
import { AUTH_EVENTS_URL } from "./use-auth-events";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";
import type { RecoveryCodesResponse, TotpDisable, TotpSetupResponse, TwoFactorOverview } from "@/lib/two-factor/shared";

/** `GET /api/user/two-factor`, and the SWR key the Passkeys section shares. */
const TWO_FACTOR_URL = ACCOUNT_READ_URLS.twoFactor;

/**
 * Two-step verification: whether it is on and how many recovery codes are
 * left, and the changes Settings makes. Each change throws `ApiError` (403
 * REAUTH_REQUIRED for one that needs a recent sign-in) and, once done,
 * re-reads the state and the security activity.
 */
export function useTwoFactor() {
  const { data, error, mutate } = useSWR<TwoFactorOverview, Error>(TWO_FACTOR_URL, fetcher<TwoFactorOverview>);
  const { mutate: revalidate } = useSWRConfig();
  const changed = useCallback(() => Promise.all([mutate(), revalidate(AUTH_EVENTS_URL)]), [mutate, revalidate]);

  /** A new secret for the app, pending until `confirmSetup`. */
  const startSetup = useCallback(() => sendJson<TotpSetupResponse>("/api/user/two-factor/totp", "POST"), []);

  /** Turns it on with a code from the app; the recovery codes, shown once. */
  const confirmSetup = useCallback(
    async (code: string) => {
      const { recoveryCodes } = await sendJson<RecoveryCodesResponse>("/api/user/two-factor/totp/confirm", "POST", { code });
      await changed();
      return recoveryCodes;
    },
    [changed],
  );

  const turnOff = useCallback(
    async (proof: TotpDisable) => {
      await sendJson<void>("/api/user/two-factor/totp", "DELETE", proof);
      await changed();
    },
    [changed],
  );

  /** A new set of recovery codes (the old set stops working), shown once. */
  const regenerateCodes = useCallback(async () => {
    const { recoveryCodes } = await sendJson<RecoveryCodesResponse>("/api/user/two-factor/recovery-codes", "POST");
    await changed();
    return recoveryCodes;
  }, [changed]);

  return { overview: data, error, reload: mutate, startSetup, confirmSetup, turnOff, regenerateCodes };
}
