import "#server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { NextApiRequest, NextApiResponse } from "next";
import { requestContextOf, type RequestContext } from "@/lib/http";
import { appendSetCookie } from "./cookies";
import type { ProviderIdentity } from "./providers";

/**
 * The request NextAuth is handling, as `authorize` and the jwt callback need
 * it: where it came from (IP and user agent, for the sign-in limits and the
 * device list) and its cookies (the device cookie of the lockout). `authOptions`
 * is one object shared by every request, so they read it from here, kept per
 * request by AsyncLocalStorage.
 */
export interface AuthRequest extends RequestContext {
  /** The cookies the request carried. */
  cookies: Partial<Record<string, string>>;
  /** Adds a Set-Cookie line to the response, next to NextAuth's own. */
  setCookie(line: string): void;
  /** On an OAuth callback: what this sign-in has established so far. */
  oauth?: OAuthAttempt;
}

/** A session this browser already had, checked live (lib/auth/handler.ts). */
export interface LiveSession {
  userId: string;
  deviceSessionId: string;
  authTime: number;
  /** On an admin's view-as session: the admin's id. Such a session may look, never sign in or connect anything. */
  viewedBy?: string;
}

/**
 * One OAuth callback as it goes through NextAuth: the handler records whether
 * the browser was signed in, the signIn callback the provider's identity, the
 * adapter whether it linked it. The jwt callback reads all three.
 */
export interface OAuthAttempt {
  /** Signed in already: the callback connects a provider (or re-authenticates) instead of signing in. */
  signedIn: LiveSession | null;
  identity?: ProviderIdentity;
  /** The adapter linked the identity during this request. */
  linked?: boolean;
  /** The adapter created the account during this request (a sign-up: no notices about it). */
  created?: boolean;
}

const requestContext = new AsyncLocalStorage<AuthRequest>();

/** Outside a NextAuth request (e.g. a test calling the jwt callback): nothing is known, nothing is sent. */
const UNKNOWN_REQUEST: AuthRequest = { ip: "unknown", userAgent: "", cookies: {}, setCookie() {} };

/** The request's IP, user agent and cookies, and a way to set cookies on its response. */
export function authRequestOf(req: NextApiRequest, res: NextApiResponse): AuthRequest {
  return {
    ...requestContextOf(req),
    cookies: req.cookies,
    setCookie: (line) => appendSetCookie(res, line),
  };
}

/** Runs `work` as if it were handling `request`. */
export function runWithRequestContext<T>(request: RequestContext & Partial<AuthRequest>, work: () => T): T {
  return requestContext.run({ ...UNKNOWN_REQUEST, ...request }, work);
}

/** The request NextAuth is handling now. */
export function currentRequestContext(): AuthRequest {
  return requestContext.getStore() ?? UNKNOWN_REQUEST;
}
