import { APP_ORIGIN, CookieJar, nextAuth } from "./auth";
import type { CallResult } from "./http";
import { loginAtProvider, startOidcProvider, type OidcClaims, type OidcTestProvider } from "./oidc-provider";

/**
 * Signing in with the OpenID provider of helpers/oidc-provider.ts through
 * NextAuth's real endpoints, as a browser would: POST /api/auth/signin/oidc,
 * the provider's login page, then GET /api/auth/callback/oidc.
 */

/** The name the OIDC button carries in these tests ("Continue with Acme SSO"). */
export const OIDC_NAME = "Acme SSO";

/**
 * A real OpenID provider for this test file, started before its tests, with
 * the app configured to use it (OIDC_* variables are read at the first getEnv()).
 */
export function oidcProviderForThisFile(): { current(): OidcTestProvider } {
  let provider: OidcTestProvider | undefined;
  beforeAll(async () => {
    provider = await startOidcProvider({ redirectUris: [`${APP_ORIGIN}/api/auth/callback/oidc`] });
    process.env.OIDC_ISSUER = provider.issuer;
    process.env.OIDC_CLIENT_ID = provider.clientId;
    process.env.OIDC_CLIENT_SECRET = provider.clientSecret;
    process.env.OIDC_NAME = OIDC_NAME;
  });
  afterAll(() => provider?.stop());
  return {
    current() {
      if (!provider) throw new Error("the OIDC provider starts in beforeAll; use it inside a test");
      return provider;
    },
  };
}

let loginCounter = 0;

/** A new account at the provider with these claims; returns its login (also its `sub`). */
export async function providerAccount(provider: OidcTestProvider, claims: OidcClaims): Promise<string> {
  loginCounter += 1;
  const login = `person-${loginCounter}-${Date.now().toString(36)}`;
  await provider.setAccount(login, claims);
  return login;
}

/** Starts a sign-in in `jar`'s browser: NextAuth sets its state, PKCE and nonce cookies and names the provider's URL. */
export async function startOidcSignIn(jar: CookieJar, callbackUrl = `${APP_ORIGIN}/`): Promise<string> {
  const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
  const response = await nextAuth("signin/oidc", { method: "POST", jar, form: { csrfToken, callbackUrl, json: "true" } });
  const { url } = response.body as { url: string };
  if (!url.startsWith("http://127.0.0.1")) throw new Error(`startOidcSignIn: NextAuth did not send us to the provider: ${url}`);
  return url;
}

/** Brings the provider's answer (code, state, iss) back to NextAuth's callback in `jar`'s browser. */
export function finishOidcSignIn(jar: CookieJar, providerAnswer: URL): Promise<CallResult> {
  return nextAuth("callback/oidc", { jar, query: providerAnswer.searchParams });
}

interface OidcSignInResult {
  status: number;
  /** Where NextAuth sent the browser: the callbackUrl, or the error page. */
  location: string;
  /** The `?error=` code when it was the error page. */
  error: string | null;
  /** The rest of the error page's query (provider, methods). */
  errorQuery: URLSearchParams | null;
}

/** The whole round trip: signs in at the provider as `login` and lands back at the app in `jar`'s browser. */
export async function oidcSignIn(jar: CookieJar, login: string): Promise<OidcSignInResult> {
  const answer = await loginAtProvider(await startOidcSignIn(jar), login);
  const response = await finishOidcSignIn(jar, answer);
  const location = response.headers.get("location") ?? "";
  const target = new URL(location, APP_ORIGIN);
  const onErrorPage = target.pathname.endsWith("/error");
  return {
    status: response.status,
    location,
    error: onErrorPage ? target.searchParams.get("error") : null,
    errorQuery: onErrorPage ? target.searchParams : null,
  };
}
