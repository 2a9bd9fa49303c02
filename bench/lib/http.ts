import { CookieJar } from "../../__tests__/helpers/cookie-jar";

/**
 * A browser's worth of HTTP for the benchmark: the tests' cookie jar and
 * NextAuth's credentials flow (GET /api/auth/csrf, then POST the callback with
 * the token and the csrf cookie), the same on both apps.
 */

const REQUEST_TIMEOUT_MS = 60_000;

/** NextAuth's session cookie, possibly chunked (`.0`, `.1`), with or without the `__Secure-` prefix. */
function isSessionCookie(name: string): boolean {
  return /(^|-)next-auth\.session-token(\.\d+)?$/.test(name);
}

function isCsrfCookie(name: string): boolean {
  return name.endsWith("next-auth.csrf-token");
}

/** What a signed-in browser has: its session cookie, and the others it sends to sign in again (csrf, device). */
export interface SignedInBrowser {
  /** Every cookie the sign-in set, kept up to date by `browse`. */
  jar: CookieJar;
  /** The `Cookie` header of a signed-in request. */
  sessionCookie: string;
  /** The cookies sent with a later sign-in from this browser, without the session and csrf cookies. */
  rememberedCookies: string;
}

/** A csrf token and the cookie that proves it, for POSTs to NextAuth. */
export interface CsrfPair {
  csrfToken: string;
  cookie: string;
}

export async function fetchCsrfPair(baseUrl: string): Promise<CsrfPair> {
  const jar = new CookieJar();
  const response = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  jar.store(response);
  const body: unknown = await response.json();
  const csrfToken = typeof body === "object" && body !== null && "csrfToken" in body ? body.csrfToken : undefined;
  if (response.status !== 200 || typeof csrfToken !== "string") throw new Error(`${baseUrl}/api/auth/csrf answered ${response.status}`);
  return { csrfToken, cookie: jar.header(isCsrfCookie) };
}

/** The form NextAuth's credentials callback takes (`json=true`: it answers 200 with JSON instead of a redirect). */
export function signInForm(csrfToken: string, email: string, password: string): string {
  return new URLSearchParams({ csrfToken, email, password, json: "true" }).toString();
}

/** One credentials sign-in POST; resolves with the response (the caller checks it). */
export function postSignIn(baseUrl: string, csrf: CsrfPair, email: string, password: string, extraCookies = ""): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [csrf.cookie, extraCookies].filter(Boolean).join("; "),
    },
    body: signInForm(csrf.csrfToken, email, password),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

/**
 * Signs `email` in through the real credentials flow and returns the browser's
 * cookies; throws if it did not work. With `rememberedCookies` (a browser that
 * signed in before), it is a known browser: no new-sign-in notice is mailed.
 */
export async function signIn(baseUrl: string, email: string, password: string, rememberedCookies = ""): Promise<SignedInBrowser> {
  const jar = new CookieJar();
  const csrf = await fetchCsrfPair(baseUrl);
  const response = await postSignIn(baseUrl, csrf, email, password, rememberedCookies);
  jar.store(response);
  const body = await response.text();
  if (response.status !== 200 || body.includes("error=") || !jar.names().some(isSessionCookie)) {
    throw new Error(`signing ${email} in at ${baseUrl} failed: ${response.status} ${body.slice(0, 200)}`);
  }
  return {
    jar,
    sessionCookie: jar.header(isSessionCookie),
    rememberedCookies: jar.header((name) => !isSessionCookie(name) && !isCsrfCookie(name)) || rememberedCookies,
  };
}

/** A GET with the given cookies; resolves with the status and how long it took in ms. */
export async function timedGet(url: string, cookie: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** A GET as a browser makes it: sends the jar's cookies and keeps the ones the answer sets. Resolves with the status. */
export async function browse(url: string, jar: CookieJar): Promise<number> {
  const response = await fetch(url, { headers: { cookie: jar.header() }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  jar.store(response);
  await response.arrayBuffer();
  return response.status;
}
