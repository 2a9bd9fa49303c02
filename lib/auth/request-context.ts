import "#server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { NextApiRequest, NextApiResponse } from "next";
import { requestContextOf, type RequestContext } from "@/lib/http";
import { appendSetCookie } from "./cookies";

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
