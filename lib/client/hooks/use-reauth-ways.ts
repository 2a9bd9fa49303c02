import "client-only";
import useSWR from "swr";
import type { TwoFactorOverview } from "@/lib/two-factor/shared";
import { fetcher } from "../api-client";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET /api/user/two-factor`, the SWR key Settings' two-step and passkey sections share. */
const TWO_FACTOR_URL = ACCOUNT_READ_URLS.twoFactor;

/**
 * What the account can re-authenticate with besides its password: an
 * authenticator app, passkeys. Until it loads (or if it cannot), neither:
 * the prompt then offers what it always did.
 */
export function useReauthWays(): { totp: boolean; passkey: boolean } {
  const { data } = useSWR<TwoFactorOverview, Error>(TWO_FACTOR_URL, fetcher<TwoFactorOverview>);
  return { totp: data?.totp.enabled ?? false, passkey: (data?.passkeys.length ?? 0) > 0 };
}
