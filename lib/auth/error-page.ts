import "#server-only";
import type { GetServerSidePropsContext } from "next";
import { isOAuthProviderId, isSignInMethod, SIGN_IN_METHOD_NAMES, type SignInMethod } from "@/lib/accounts/shared";
import { oauthProviders } from "./guards";
import { authErrorMessage } from "./shared";

/** A sign-in method, named for people: the configured provider's name, or "your email and password". */
function methodName(method: SignInMethod): string {
  return oauthProviders().find((provider) => provider.id === method)?.name ?? SIGN_IN_METHOD_NAMES[method];
}

/**
 * The error page's message for `?error=<code>&provider=<id>&methods=<ids>`:
 * every name in it comes from this server's list, never from the URL.
 */
export function authErrorPageMessage(query: GetServerSidePropsContext["query"]): string {
  const code = typeof query.error === "string" ? query.error : "";
  const provider = isOAuthProviderId(query.provider) ? methodName(query.provider) : null;
  const methods = typeof query.methods === "string" ? query.methods.split(",").filter(isSignInMethod).map(methodName) : [];
  return authErrorMessage(code, { provider, methods });
}
