import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import * as nextAuthRoute from "@/pages/api/auth/[...nextauth]";
import * as sessionRoute from "@/pages/api/auth/session";
import * as signupRoute from "@/pages/api/auth/signup";
import { getEnv } from "@/lib/core/env";
import { CookieJar, callRoute, type CallResult } from "./http";
import { createTestUser, type TestUserOverrides } from "./users";

/**
 * NextAuth's real endpoints, driven as the browser client drives them:
 * GET /api/auth/csrf, POST /api/auth/callback/credentials, GET /api/auth/session.
 */

/** Origin of the app in tests (NEXTAUTH_URL); same-origin requests send it. */
export const APP_ORIGIN = "http://localhost:3000";

export function nextAuth(path: string, options: Parameters<typeof callRoute>[1] = {}) {
  return callRoute(nextAuthRoute, { ...options, params: { nextauth: path.split("/") } });
}

/** Signs up through the API as a same-origin browser would. */
export function signUp(input: { name?: unknown; email?: unknown; password?: unknown }, headers: Record<string, string> = {}) {
  return callRoute<{ user?: { id: string; name: string; email: string }; error?: { code: string; fields?: Record<string, string[]> } }>(
    signupRoute,
    { method: "POST", json: input, headers: { origin: APP_ORIGIN, ...headers } },
  );
}

interface SignInResult {
  status: number;
  /** The `?error=` code NextAuth answered with, if any. */
  error: string | null;
  url: string;
}

/** Signs in with email and password, keeping the session cookie in `jar`. */
export async function signIn(
  jar: CookieJar,
  credentials: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<SignInResult> {
  const csrf = await nextAuth("csrf", { jar });
  const { csrfToken } = csrf.body as { csrfToken: string };
  const response: CallResult = await nextAuth("callback/credentials", {
    method: "POST",
    jar,
    headers,
    form: { ...credentials, csrfToken, callbackUrl: `${APP_ORIGIN}/`, json: "true" },
  });
  const url = (response.body as { url: string }).url;
  return { status: response.status, error: new URL(url).searchParams.get("error"), url };
}

/** What `/api/auth/session` says for this browser (`null` when signed out). */
export async function getSession(jar: CookieJar): Promise<Session | null> {
  const response = await callRoute(sessionRoute, { jar });
  const body = response.body as Session | Record<string, never>;
  return "user" in body ? (body as Session) : null;
}

/** The name of the session cookie (not `__Secure-` because tests run on http). */
export const SESSION_COOKIE = "next-auth.session-token";

export { CookieJar };

/**
 * A new password user, signed in through NextAuth's credentials endpoint in a
 * browser of its own (`jar`); fails the test at once when the sign-in does not work.
 */
export async function signedInUser(overrides: TestUserOverrides = {}, headers: Record<string, string> = {}) {
  const user = await createTestUser(overrides);
  const jar = new CookieJar();
  const result = await signIn(jar, { email: user.email, password: user.password }, headers);
  if (result.error) throw new Error(`signedInUser: the sign-in was refused with ${result.error}`);
  return { user, jar };
}

/**
 * A signed-in browser for a user who has no password (an OAuth account): the
 * same jwt callback NextAuth runs at sign-in makes the token (and records the
 * device), and NextAuth's own encoder seals it into the session cookie.
 */
export async function jarForUser(userId: string): Promise<CookieJar> {
  const { encode } = await import("next-auth/jwt");
  const { jwtCallback } = await import("@/lib/auth/callbacks");
  const { runWithRequestContext } = await import("@/lib/auth/request-context");
  const token = await runWithRequestContext({ ip: "127.0.0.1", userAgent: "OAuth test browser" }, () =>
    jwtCallback({ token: {} as never, user: { id: userId }, account: null, trigger: "signIn" }),
  );
  const jar = new CookieJar();
  jar.set(SESSION_COOKIE, await encode({ token, secret: process.env.NEXTAUTH_SECRET! }));
  return jar;
}

/** What `useSession().update()` does: POST /api/auth/session with the CSRF token, re-reading the user now. */
export async function updateSession(jar: CookieJar): Promise<Session | null> {
  const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
  const response = await callRoute(sessionRoute, { method: "POST", jar, json: { csrfToken, data: {} } });
  const body = response.body as Session | Record<string, never>;
  return "user" in body ? (body as Session) : null;
}

/** Rewrites the token inside `jar`'s session cookie (sealed again with the real secret), e.g. to age it. */
export async function rewriteSessionToken(jar: CookieJar, change: (token: JWT) => JWT): Promise<void> {
  const { decode, encode } = await import("next-auth/jwt");
  const secret = process.env.NEXTAUTH_SECRET!;
  const token = await decode({ token: jar.get(SESSION_COOKIE), secret });
  if (!token) throw new Error("rewriteSessionToken: the jar holds no valid session cookie");
  jar.set(SESSION_COOKIE, await encode({ token: change(token), secret }));
}

/**
 * As if SESSION_REVALIDATE_SECONDS had passed since `jar`'s session was last
 * checked against the database: its next read revalidates. Tests age the
 * token rather than wait, so "inside the interval" never depends on how fast
 * the machine is (give the file a long interval).
 */
export function pastRevalidation(jar: CookieJar): Promise<void> {
  const intervalMs = getEnv().SESSION_REVALIDATE_SECONDS * 1000;
  return rewriteSessionToken(jar, (token) => ({ ...token, checkedAt: token.checkedAt - intervalMs - 1_000 }));
}

/** The token inside `jar`'s session cookie. */
export async function sessionTokenOf(jar: CookieJar): Promise<JWT | null> {
  const { decode } = await import("next-auth/jwt");
  return decode({ token: jar.get(SESSION_COOKIE), secret: process.env.NEXTAUTH_SECRET! });
}
