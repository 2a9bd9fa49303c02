import "#server-only";
import { isOAuthProviderId, type SignInMethod } from "./shared";
import { listAccountsOf } from "./repository";

/**
 * How an account signs in: its password if it has one, then each provider
 * it is linked to, once, in the order given (links oldest first). The one
 * rule behind the sign-in refusal's hint, the reset mail for an account
 * without a password, the admin list and the last-method guard.
 */
export function signInMethodsOf({ hasPassword, providers }: { hasPassword: boolean; providers: readonly string[] }): SignInMethod[] {
  const password: SignInMethod[] = hasPassword ? ["password"] : [];
  return [...password, ...new Set(providers.filter(isOAuthProviderId))];
}

/** How the user signs in today (`signInMethodsOf`), reading their links. */
export async function listSignInMethods(userId: string, { hasPassword }: { hasPassword: boolean }): Promise<SignInMethod[]> {
  const links = await listAccountsOf(userId);
  return signInMethodsOf({ hasPassword, providers: links.map((link) => link.provider) });
}
