import "#server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { NextApiHandler, NextApiRequest } from "next";
import { clientIp, userAgentOf } from "@/lib/http";
import type { RequestContext } from "@/lib/sessions";

/**
 * Where the request NextAuth is handling came from (IP and user agent), for
 * the sign-in limits and the device list. `authOptions` is one object shared by
 * every request, so `authorize` and the jwt callback read it from here, kept
 * per request by AsyncLocalStorage.
 */
const requestContext = new AsyncLocalStorage<RequestContext>();

/** Outside a NextAuth request (e.g. a test calling the jwt callback): nothing is known. */
const UNKNOWN_ORIGIN: RequestContext = { ip: "unknown", userAgent: "" };

function requestContextOf(req: NextApiRequest): RequestContext {
  return { ip: clientIp(req), userAgent: userAgentOf(req) };
}

/** Runs `handler` with its request's IP and user agent available to `currentRequestContext()`. */
export function withRequestContext(handler: NextApiHandler): NextApiHandler {
  return (req, res) => requestContext.run(requestContextOf(req), () => handler(req, res));
}

/** Runs `work` as if it were handling a request from `context`. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return requestContext.run(context, work);
}

/** The current request's IP and user agent. */
export function currentRequestContext(): RequestContext {
  return requestContext.getStore() ?? UNKNOWN_ORIGIN;
}
