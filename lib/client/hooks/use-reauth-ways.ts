import "client-only";
import useSWR from "swr";
import type { TwoFactorOverview } from "@/lib/two-factor/shared";
import { fetcher } from "../api-client";

/** `GET /api/user/two-factor`, also the SWR key. */
const TWO_FACTOR_URL = "/api/user/two-factor";

/**
 * What the account can re-authenticate with besides its password: an
 * authenticator app, passkeys. Until it loads (or if it cannot), neither:
 * the prompt then offers what it always did.
 */
export function useReauthWays(): { totp: boolean; passkey: boolean } {
  const { data } = useSWR<TwoFactorOverview, Error>(TWO_FACTOR_URL, fetcher<TwoFactorOverview>);
  return { totp: data?.totp.enabled ?? false, passkey: (data?.passkeys.length ?? 0) > 0 };
}
