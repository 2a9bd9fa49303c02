import "#server-only";
import type { NextApiHandler, NextApiRequest, NextApiResponse } from "next";
import { log } from "@/lib/core/log";
import { HttpError, mapError } from "./errors";
import { setApiSecurityHeaders } from "./headers";
import type { Reply } from "./reply";
import { assertSameOrigin } from "./same-origin";

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];
/** The methods that change state, which a page on another site must not be able to call with the user's cookies. */
type StateChangingMethod = Exclude<HttpMethod, "GET">;

/** One method's handler: it returns what to answer (lib/http/reply.ts) and throws what went wrong. */
export type MethodHandler<Answer extends Reply = Reply> = (req: NextApiRequest, res: NextApiResponse) => Promise<Answer> | Answer;

interface RouteOptions {
  /**
   * The opt-out from the same-origin check, per method, each with the reason
   * it must accept a request from another site. The route tests list every
   * opt-out, so adding one is a reviewed change.
   */
  allowCrossSite?: Partial<Record<StateChangingMethod, string>>;
}

/** What the builder knows about a route it built: for the tests that walk pages/api. */
interface RouteFacts {
  methods: HttpMethod[];
  allowCrossSite: Partial<Record<StateChangingMethod, string>>;
}

const builtRoutes = new WeakMap<object, RouteFacts>();

/**
 * Builds an API route from a per-method handler map:
 * - other methods get 405 with an `Allow` header;
 * - every method but GET refuses a cross-site request (403
 *   CROSS_SITE_REQUEST) before its handler runs, unless `allowCrossSite`
 *   names it with a reason;
 * - the handler's reply is sent by the builder, so its body is typed;
 * - anything thrown goes through `mapError`: one JSON error shape, 5xx details
 *   in the log only.
 * Every answer carries the API's security headers.
 */
export function apiRoute(handlers: Partial<Record<HttpMethod, MethodHandler>>, options: RouteOptions = {}): NextApiHandler {
  const methods = HTTP_METHODS.filter((method) => handlers[method]);
  const allowed = methods.join(", ");
  const allowCrossSite = options.allowCrossSite ?? {};
  const route: NextApiHandler = async (req, res) => {
    setApiSecurityHeaders(req, res);
    try {
      const method = methods.find((name) => name === req.method);
      const handler = method && handlers[method];
      if (!method || !handler) throw HttpError.methodNotAllowed(allowed);
      if (method !== "GET" && !allowCrossSite[method]) assertSameOrigin(req);
      sendReply(res, await handler(req, res));
    } catch (error) {
      sendError(req, res, error);
    }
  };
  builtRoutes.set(route, { methods, allowCrossSite });
  return route;
}

/** The methods and cross-site opt-outs of a route `apiRoute` built; undefined for any other handler. */
export function describeApiRoute(handler: unknown): RouteFacts | undefined {
  return typeof handler === "function" ? builtRoutes.get(handler) : undefined;
}

function sendReply(res: NextApiResponse, reply: Reply): void {
  switch (reply.kind) {
    case "json":
      res.status(reply.status).json(reply.body);
      return;
    case "empty":
      res.status(204).end();
      return;
    case "sent":
      if (res.headersSent) return;
      throw new Error("The handler returned alreadySent() without sending a response");
  }
}

/** `mapError`, with a 5xx (an error of ours) written to the server log with the request's method and path. */
export function mapAndLogError(req: Pick<NextApiRequest, "method" | "url">, error: unknown): ReturnType<typeof mapError> {
  const mapped = mapError(error);
  if (mapped.log) log.error("api.error", error, { method: req.method, path: req.url?.split("?")[0] });
  return mapped;
}

/** Answers with the mapped error (logging a 5xx), unless the response has already started. */
export function sendError(req: NextApiRequest, res: NextApiResponse, error: unknown): void {
  const mapped = mapAndLogError(req, error);
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
  res.status(mapped.status).json(mapped.body);
}
