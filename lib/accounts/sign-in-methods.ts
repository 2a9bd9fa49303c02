import "#server-only";
import { countPasskeys } from "@/lib/passkeys";
import { isOAuthProviderId, type SignInMethod } from "./shared";
import { listAccountsOf } from "./repository";

/** What an account can sign in with: a password or not, its linked providers, how many passkeys. */
interface WaysIn {
  hasPassword: boolean;
  providers: readonly string[];
  /** Each passkey signs in by itself; the admin list leaves them out. */
  passkeys?: number;
}

/**
 * How an account signs in: its password if it has one, then each provider
 * it is linked to, once, in the order given (links oldest first), then
 * "passkey" when it has any. The one rule behind the sign-in refusal's hint,
 * the reset mail for an account without a password, the admin list and the
 * last-method guard.
 */
export function signInMethodsOf({ hasPassword, providers, passkeys = 0 }: WaysIn): SignInMethod[] {
  const password: SignInMethod[] = hasPassword ? ["password"] : [];
  const passkey: SignInMethod[] = passkeys > 0 ? ["passkey"] : [];
  return [...password, ...new Set(providers.filter(isOAuthProviderId)), ...passkey];
}

/** How the user signs in today (`signInMethodsOf`), reading their links and passkeys. */
export async function listSignInMethods(userId: string, { hasPassword }: { hasPassword: boolean }): Promise<SignInMethod[]> {
  const [links, passkeys] = await Promise.all([listAccountsOf(userId), countPasskeys(userId)]);
  return signInMethodsOf({ hasPassword, providers: links.map((link) => link.provider), passkeys });
}
