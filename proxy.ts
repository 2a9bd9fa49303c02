import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getEnv, secureCookies } from "@/lib/core/env";
import {
  createNonce,
  isServedOverHttps,
  NONCE_HEADER,
  oauthFormActionOrigins,
  securityHeadersFor,
} from "@/lib/core/security-headers";

/** Pages that need a session: signed-out visitors are sent to sign-in early. */
const signedInOnly = /^\/(settings|generate|admin)(\/|$)/;

/**
 * Runs before every page (API routes set their own headers: lib/http's
 * setApiSecurityHeaders): gives each page its security
 * headers (a fresh CSP nonce, handed to pages/_document.tsx in a request
 * header), and redirects signed-out visitors of signed-in-only pages to
 * sign-in. The redirect is a convenience only: each page checks the session
 * itself in getServerSideProps (withPageAuth), which also re-validates revoked
 * sessions that a still-valid JWT would pass here.
 */
export async function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = createNonce();
  const headers = securityHeadersFor({
    pathname: request.nextUrl.pathname,
    nonce,
    development: env.NODE_ENV === "development",
    formActionOrigins: oauthFormActionOrigins(env),
    https: isServedOverHttps({
      siteUrl: env.NEXTAUTH_URL,
      trustProxy: env.TRUST_PROXY,
      forwardedProto: request.headers.get("x-forwarded-proto"),
    }),
  });

  const response = (await needsSignIn(request, env.NEXTAUTH_SECRET))
    ? // A form posted while signed out (the start page's prompt box) is not posted again to the sign-in page: 303, not 307.
      NextResponse.redirect(signInUrl(request), request.method === "POST" ? 303 : 307)
    : NextResponse.next({ request: { headers: withNonce(request.headers, nonce) } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

async function needsSignIn(request: NextRequest, secret: string): Promise<boolean> {
  if (!signedInOnly.test(request.nextUrl.pathname)) return false;
  return !(await getToken({ req: request, secret, secureCookie: secureCookies() }));
}

function signInUrl(request: NextRequest): URL {
  const signIn = new URL("/auth/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return signIn;
}

/** The request as the page sees it: our nonce replaces any `x-nonce` the client sent. */
function withNonce(original: Headers, nonce: string): Headers {
  const headers = new Headers(original);
  headers.set(NONCE_HEADER, nonce);
  return headers;
}

/**
 * Pages only: not Next's build assets and the favicon, which are files, not
 * documents, nor API routes, which set their own headers without the cost of
 * a proxy pass on every call.
 */
export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
