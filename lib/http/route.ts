import "#server-only";
import type { NextApiHandler, NextApiRequest, NextApiResponse } from "next";
import { log } from "@/lib/core/log";
import { HttpError, mapError } from "./errors";
import { setApiSecurityHeaders } from "./headers";

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type MethodHandler = (req: NextApiRequest, res: NextApiResponse) => Promise<void> | void;

/**
 * Builds an API route from a per-method handler map. Other methods get 405
 * with an `Allow` header; anything a handler throws goes through `mapError`,
 * so every failure has the same JSON shape and 5xx details stay in the log.
 * Every answer carries the API's security headers.
 */
export function apiRoute(handlers: Partial<Record<HttpMethod, MethodHandler>>): NextApiHandler {
  const allowed = Object.keys(handlers).join(", ");
  return async (req, res) => {
    setApiSecurityHeaders(req, res);
    try {
      const handler = handlers[req.method as HttpMethod];
      if (!handler) throw HttpError.methodNotAllowed(allowed);
      await handler(req, res);
    } catch (error) {
      sendError(req, res, error);
    }
  };
}

/** `mapError`, with a 5xx (an error of ours) written to the server log with the request's method and path. */
export function mapAndLogError(req: NextApiRequest, error: unknown): ReturnType<typeof mapError> {
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
