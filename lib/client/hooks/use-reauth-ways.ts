import "client-only";
import useSWR from "swr";
import type { TwoFactorOverview } from "@/lib/two-factor/shared";
import { fetcher } from "../api-client";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/two-factor`, the SWR key Settings' two-step and passkey sections share. */
const TWO_FACTOR_URL = ACCOUNT_READ_URLS.twoFactor;

/**
 * Whether the account can re-authenticate with its authenticator app (its
 * passkeys are PasskeyReauthButton's to read). Until it loads (or if it
 * cannot), no: the prompt then offers what it always did.
 */
export function useReauthWays(): { totp: boolean } {
  const { data } = useSWR<TwoFactorOverview, Error>(TWO_FACTOR_URL, fetcher<TwoFactorOverview>);
  return { totp: data?.totp.enabled ?? false };
}
