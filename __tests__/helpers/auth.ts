import type { Session } from "next-auth";
import * as nextAuthRoute from "@/pages/api/auth/[...nextauth]";
import * as signupRoute from "@/pages/api/auth/signup";
import { CookieJar, callRoute, type CallResult } from "./http";

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

export interface SignInResult {
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
  const response = await nextAuth("session", { jar });
  const body = response.body as Session | Record<string, never>;
  return "user" in body ? (body as Session) : null;
}

/** The name of the session cookie (not `__Secure-` because tests run on http). */
export const SESSION_COOKIE = "next-auth.session-token";

export { CookieJar };
